export * from './canonical-json';
export * from './checkpoint';
export * from './document';
export * from './merkle';
export * from './pdf-attachment';
export * from './sm2';
