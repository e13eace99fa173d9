export * from './username';
export * from './domain';
export * from './email';
export * from './password';
export * from './reserved-names';
export * from './db-identifier';
export * from './mail-local-part';
export * from './document-root';
