export * from './accounts';
export * from './audit';
export * from './common';
export * from './enterprises';
export * from './errors';
export * from './faults';
export * from './limits';
export * from './publishing';
