export * from './common';
export * from './enterprises';
export * from './errors';
