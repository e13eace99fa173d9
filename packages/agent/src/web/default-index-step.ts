import { constants, promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { AccountSpec, Step } from '../operations/step';
import { findUser } from '../users/passwd';
import { childPath, openChildDir, openDirNoFollow, setOwnerAndMode, withHandle } from '../users/dir-handle';
import { accountWeb, AccountWeb } from './account-web';
import { renderPage } from './render-page';
import type { WebParts } from './web-parts';

/**
 * public_html of the account, opened by descriptor from the home (never through a
 * symlink the customer put in its place); null when it is missing.
 */
async function withPublicHtml<T>(a: AccountWeb, work: (dir: Awaited<ReturnType<typeof openDirNoFollow>>) => Promise<T>): Promise<T | null> {
  return withHandle(openDirNoFollow(a.paths.home), async (home) => {
    const pub = await openChildDir(home, basename(a.paths.publicHtml), a.paths.publicHtml);
    if (!pub) return null;
    try {
      return await work(pub);
    } finally {
      await pub.close();
    }
  });
}

/**
 * A default index.html in a new account's public_html, owned by the account. Never
 * overwrites a file that is there, never follows a symlink (public_html and the page are
 * reached by descriptor, see users/dir-handle); undo removes it only if it is still the
 * page we wrote.
 */
export const defaultIndexStep: Step<AccountSpec, WebParts> = {
  name: 'default_index_page',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    const a = accountWeb(spec, ctx);
    const user = await findUser(spec.username);
    if (!user) throw new Error(`user ${spec.username} is missing`);
    const done = await withPublicHtml(a, async (pub) => {
      let handle;
      try {
        handle = await fs.open(
          childPath(pub, basename(a.paths.indexPage)),
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
          0o600,
        );
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return true;
        throw e;
      }
      try {
        await handle.writeFile(renderPage(a.web.config.defaultIndexTemplate, spec.domain));
        await setOwnerAndMode(handle, user.uid, user.gid, 0o644);
      } finally {
        await handle.close();
      }
      return true;
    });
    if (done === null) throw new Error(`${a.paths.publicHtml} is missing`);
  },
  async undo(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    const a = accountWeb(spec, ctx);
    await withPublicHtml(a, async (pub) => {
      const page = childPath(pub, basename(a.paths.indexPage));
      let handle;
      try {
        // O_NONBLOCK: a FIFO planted under the name must not hang the agent.
        handle = await fs.open(page, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ELOOP') return; // gone, or a symlink: not ours
        throw e;
      }
      const ours = await withHandle(Promise.resolve(handle), async (h) =>
        (await h.stat()).isFile() && (await h.readFile('utf8')) === renderPage(a.web.config.defaultIndexTemplate, spec.domain));
      // unlinkat(public_html, "index.html"): removes whatever name is there, never a link's target.
      if (ours) await fs.unlink(page).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e; // the home is already gone
    });
  },
};
