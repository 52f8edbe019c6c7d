export * from './canonical-json';
export * from './checkpoint';
export * from './merkle';
export * from './sm2';
