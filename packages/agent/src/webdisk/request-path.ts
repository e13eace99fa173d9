/**
 * The segments of a Web Disk request path, decoded one by one. Anything that could name
 * a place outside the login's directory is refused rather than normalised: "." and ".."
 * (also percent-encoded), an encoded "/" or "\", NUL, and malformed escapes. The server
 * answers 403 for those, so a `..` escape attempt fails visibly.
 */
export function requestSegments(rawUrl: string): string[] | null {
  const path = rawUrl.split('?', 1)[0];
  // A fragment never belongs in a request; refusing it keeps `DELETE /dir/#x` from removing /dir.
  if (!path.startsWith('/') || path.includes('#')) return null;
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s === '.' || s === '..' || /[/\\\0]/.test(s) || s.length > 255) return null;
    segments.push(s);
  }
  return segments;
}

/** The href of a resource under the root, percent-encoded per segment. */
export function hrefOf(segments: string[], collection: boolean): string {
  const path = `/${segments.map(encodeURIComponent).join('/')}`;
  return collection && !path.endsWith('/') ? `${path}/` : path;
}
