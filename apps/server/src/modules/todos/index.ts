export { registerTodoRoutes } from './todos.routes';
