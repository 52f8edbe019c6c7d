export { registerCalendarRoutes } from './calendar.routes';
export {
  loadWorkingDayCalendar,
  nextYearProvisional,
  RECOMPUTE_DEADLINES_JOB,
  seedCalendarFromLibrary,
} from './calendar.service';
