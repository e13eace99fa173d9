/** A WebDAV refusal: the handler answers `status` (with an optional DAV:error body). */
export class DavError extends Error {
  constructor(readonly status: number, message: string, readonly condition?: string) {
    super(message);
  }
}

/** Errno codes of the account's own file operations, as HTTP statuses. */
export function statusOfErrno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 409;
    case 'ELOOP': case 'EACCES': case 'EPERM': case 'EXDEV': return 403;
    case 'ENOTDIR': return 409;
    case 'EEXIST': case 'ENOTEMPTY': return 412;
    case 'ENOSPC': case 'EDQUOT': return 507;
    case 'ENAMETOOLONG': return 414;
    default: return 500;
  }
}
