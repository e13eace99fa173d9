export * from './agent';
export * from './config';
export { resolveWebConfig, withShard } from './web/web-config';
export { ftpSettings } from './ftp/ftp-config';
export { webdiskSettings } from './webdisk/webdisk-config';
export { dnsSettings } from './dns/dns-config';
