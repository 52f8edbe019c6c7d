export * from './accounts';
export * from './common';
export * from './enterprises';
export * from './errors';
