import { safeUsername } from './safe-values';

/**
 * The first line of every file Hearth writes for an account. Undo and delete only ever
 * remove a file that starts with the marker of the same account, so a vhost or pool an
 * administrator wrote by hand (or another account's) is never taken away.
 */
export function ownerMarker(comment: '#' | ';', username: string): string {
  return `${comment} Managed by Hearth for account ${safeUsername(username)}: changes are overwritten.`;
}

export function isOwnedBy(content: Buffer | string | null, comment: '#' | ';', username: string): boolean {
  return content !== null && content.toString().startsWith(`${ownerMarker(comment, username)}\n`);
}
