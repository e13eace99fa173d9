export * from './record-types';
export * from './host-names';
export * from './record-validation';
export * from './zone-rules';
export * from './domain-overlap';
