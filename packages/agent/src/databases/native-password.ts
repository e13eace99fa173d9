import { createHash } from 'node:crypto';

/**
 * The mysql_native_password hash: "*" + uppercase hex of SHA1(SHA1(password)).
 *
 * MariaDB does not accept a placeholder in `CREATE USER ... IDENTIFIED BY ?` (the server
 * refuses to prepare it), so instead of splicing the password into SQL text we hash it
 * here and send `IDENTIFIED BY PASSWORD '<hash>'`. The hash has a fixed [*0-9A-F]{41}
 * alphabet that cannot break out of a string literal, and the clear-text password never
 * reaches the server's query text, logs or processlist. Only the hash is journaled.
 */
export function nativePasswordHash(password: string): string {
  const stage1 = createHash('sha1').update(password, 'utf8').digest();
  return '*' + createHash('sha1').update(stage1).digest('hex').toUpperCase();
}

export const NATIVE_HASH_PATTERN = /^\*[0-9A-F]{40}$/;
