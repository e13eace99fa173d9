import { DependencyUnavailableError } from '@hearth/shared';
import type { Exec } from '../system/exec';
import { readPidFile } from './process-table';

/** How the agent asks a running daemon to load its configuration again. */
export interface ServiceControl {
  reload(service: { unit: string; pidFile: string; signal: 'SIGHUP' | 'SIGUSR2' }): Promise<void>;
}

/** Where systemd runs the daemons: it knows their pids, so let it do the signalling. */
export class SystemdServiceControl implements ServiceControl {
  constructor(private readonly exec: Exec) {}

  async reload(service: { unit: string }): Promise<void> {
    await this.exec('systemctl', ['reload', service.unit]);
  }
}

/** Without systemd (containers, CI, tests): signal the master through its pid file. */
export class DirectServiceControl implements ServiceControl {
  async reload(service: { pidFile: string; signal: 'SIGHUP' | 'SIGUSR2' }): Promise<void> {
    const pid = await readPidFile(service.pidFile);
    if (pid === null) throw new DependencyUnavailableError(`no running master: ${service.pidFile} holds no pid`);
    try {
      process.kill(pid, service.signal);
    } catch (e) {
      throw new DependencyUnavailableError(`cannot signal pid ${pid} from ${service.pidFile}: ${(e as Error).message}`);
    }
  }
}

export function createServiceControl(mode: 'systemd' | 'direct', exec: Exec): ServiceControl {
  return mode === 'systemd' ? new SystemdServiceControl(exec) : new DirectServiceControl();
}
