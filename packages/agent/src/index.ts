export * from './agent';
export * from './config';
