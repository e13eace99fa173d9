import { ValidationError, documentRootProblem } from '@hearth/shared';
import type { FileHandle } from 'node:fs/promises';
import type { Step } from '../operations/step';
import { homeOf } from '../users/managed-user';
import { findUser } from '../users/passwd';
import { groupGid } from '../users/groups';
import { ensureChildDir, openChildDir, openDirNoFollow, setOwnerAndMode } from '../users/dir-handle';
import type { AgentConfig } from '../config';
import type { DomainParts, DomainSpec } from './domain-spec';

function segmentsOf(documentRoot: string): string[] {
  const problem = documentRootProblem(documentRoot);
  if (problem) throw new ValidationError('Invalid document root', [{ field: 'document_root', message: problem }]);
  return documentRoot.split('/');
}

function refused(documentRoot: string, segment: string): ValidationError {
  return new ValidationError('Invalid document root', [{
    field: 'document_root', message: `${segment} (in ${documentRoot}) is a symbolic link or not a directory; the document root must be a real directory inside the home`,
  }]);
}

/**
 * Walks the document root from the home one component at a time by descriptor (openat
 * with O_NOFOLLOW through users/dir-handle): a symlink the customer planted anywhere on
 * the path — to another account's home, to /etc — is refused, never followed. With
 * `create`, missing directories are made (mkdirat) and given to the account (fchown on
 * the opened descriptor).
 */
async function walk(config: AgentConfig, username: string, documentRoot: string, create: boolean): Promise<void> {
  const segments = segmentsOf(documentRoot);
  const user = create ? await findUser(username) : null;
  if (create && !user) throw new Error(`user ${username} is missing`);
  // Like public_html: the account's, readable by the web server's group, nobody else's.
  const webGid = create ? await groupGid(config.webGroup) : 0;
  let dir: FileHandle = await openDirNoFollow(homeOf(config, username));
  try {
    for (const segment of segments) {
      let next: FileHandle | null;
      try {
        if (create) {
          next = await openChildDir(dir, segment);
          if (!next) {
            next = await ensureChildDir(dir, segment, 0o700);
            await setOwnerAndMode(next, user!.uid, webGid, 0o750);
          }
        } else {
          next = await openChildDir(dir, segment);
        }
      } catch (e) {
        if (e instanceof Error && /is not a directory/.test(e.message)) throw refused(documentRoot, segment);
        throw e;
      }
      if (!next) return; // missing: the add operation makes it
      await dir.close();
      dir = next;
    }
  } finally {
    await dir.close();
  }
}

/** Before anything is journaled: every existing component of the path is a real directory. */
export function checkDocumentRoot(config: AgentConfig, username: string, documentRoot: string): Promise<void> {
  return walk(config, username, documentRoot, false);
}

/**
 * Makes the document root (owned by the account). Undo leaves the directories: they are
 * in the customer's home, may already hold the customer's files, and an empty directory
 * harms nothing.
 */
export const documentRootStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_document_root',
  async apply(spec, ctx) {
    if (spec.entry.type === 'alias') return;
    await walk(ctx.config, spec.username, spec.entry.documentRoot, true);
  },
  async undo() {},
};
