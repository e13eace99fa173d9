export * from './proto-path';
export * from './account-messages';
export * from './dns-messages';
