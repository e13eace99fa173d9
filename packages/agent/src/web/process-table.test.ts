import { spawn } from 'node:child_process';
import { childrenOf } from './process-table';

test('childrenOf lists a child this process started, with its command line', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise((r) => child.once('spawn', r));
    const children = await childrenOf(process.pid);
    expect(children.get(child.pid!)).toBe('sleep 30');
  } finally {
    child.kill('SIGKILL');
  }
});
