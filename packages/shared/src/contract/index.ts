export * from './proto-path';
export * from './account-messages';
