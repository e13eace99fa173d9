import { constants, promises as fs } from 'node:fs';
import type { AccountSpec, Step } from '../operations/step';
import { findUser } from '../users/passwd';
import { accountWeb } from './account-web';
import { renderPage } from './render-page';

/**
 * A default index.html in a new account's public_html, owned by the account. Never
 * overwrites a file that is there, never follows a symlink; undo removes it only if it
 * is still the page we wrote.
 */
export const defaultIndexStep: Step<AccountSpec> = {
  name: 'default_index_page',
  async apply(spec, ctx) {
    if (!ctx.services.web.config.enabled) return;
    const a = accountWeb(spec, ctx);
    const user = await findUser(spec.username);
    if (!user) throw new Error(`user ${spec.username} is missing`);
    const dir = await fs.lstat(a.paths.publicHtml);
    if (!dir.isDirectory()) throw new Error(`${a.paths.publicHtml} is not a directory`);
    let handle;
    try {
      handle = await fs.open(
        a.paths.indexPage,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o644,
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw e;
    }
    try {
      await handle.writeFile(renderPage(a.web.config.defaultIndexTemplate, spec.domain));
      await handle.chown(user.uid, user.gid);
      await handle.chmod(0o644);
    } finally {
      await handle.close();
    }
  },
  async undo(spec, ctx) {
    if (!ctx.services.web.config.enabled) return;
    const a = accountWeb(spec, ctx);
    try {
      const stat = await fs.lstat(a.paths.indexPage);
      if (!stat.isFile()) return;
      const content = await fs.readFile(a.paths.indexPage, 'utf8');
      if (content === renderPage(a.web.config.defaultIndexTemplate, spec.domain)) await fs.unlink(a.paths.indexPage);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  },
};
