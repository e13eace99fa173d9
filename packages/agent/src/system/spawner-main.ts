import { execArgv, ExecError, ExecOptions } from './exec';

/**
 * The agent's spawner: a small process (started by SpawnerExec over an IPC pipe) that runs
 * the agent's commands. Node's spawn forks the calling process and waits, on its event
 * loop, until the child has exec'd: in the agent (130–220 MB resident at hundreds of
 * accounts) that is 8 ms per command on an idle machine and far more on a busy one, the
 * fork copies its page tables and every page it writes afterwards faults once. Here the
 * fork is of a 40 MB process and the agent's event loop never waits for it.
 * Requests come only from the parent, through the inherited pipe; it ends with the parent.
 */
interface Request {
  id: number;
  file: string;
  args: string[];
  opts: ExecOptions;
}

process.on('message', (req: Request) => {
  execArgv(req.file, req.args, req.opts).then(
    (result) => process.send?.({ id: req.id, result }),
    (err: unknown) => process.send?.(err instanceof ExecError
      ? { id: req.id, failed: { ...err.result } }
      : { id: req.id, error: (err as Error).message ?? String(err) }),
  );
});
// The agent went away (stopped, killed): nothing more will be asked.
process.on('disconnect', () => process.exit(0));
