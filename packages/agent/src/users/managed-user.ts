import { ConflictError } from '@hearth/shared';
import { join } from 'node:path';
import type { AgentConfig } from '../config';
import { findUser, PasswdEntry } from './passwd';

/** The home directory of an account: always {homeRoot}/{username}, never taken from input. */
export function homeOf(config: AgentConfig, username: string): string {
  return join(config.homeRoot, username);
}

/** A Linux user Hearth created: carries the marker in GECOS and lives in our home root. */
export function isManaged(config: AgentConfig, user: PasswdEntry): boolean {
  return user.gecos === config.userMarker && user.home === homeOf(config, user.name);
}

/** The user if it exists and is Hearth's; null if absent; throws if it is someone else's. */
export async function findManagedUser(config: AgentConfig, username: string): Promise<PasswdEntry | null> {
  const user = await findUser(username);
  if (!user) return null;
  if (!isManaged(config, user)) {
    throw new ConflictError(`Linux user ${username} exists and is not managed by Hearth`);
  }
  return user;
}
