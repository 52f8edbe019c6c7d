export * from './credit-code';
export * from './entities';
export * from './industries';
export * from './levels';
export * from './masking';
export * from './regions';
export * from './working-days';
