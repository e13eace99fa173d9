export * from './config';
export * from './db';
export * from './server';
export * from './app';
export * from './build-deps';
export * from './migrations';
export { TokenService, SCOPES, hashToken } from './services/token-service';
export { KnexTokenStore } from './stores/knex-token-store';
export { DoctorService } from './services/doctor-service';
