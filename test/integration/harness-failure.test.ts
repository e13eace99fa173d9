import { startFullStack } from '../harness/full-stack';
import { processesUnder } from '../harness/reaper';

/*
 * The harness itself: a daemon that cannot start fails the start with that daemon's own log
 * in the error, and every daemon the harness had already started for it is stopped again:
 * nothing is left running. Here the last one, hearth-agent, refuses a config key it does not
 * know, after nginx, PHP-FPM, PowerDNS, Postfix and Dovecot are up.
 */
test('a daemon that fails to start fails the stack with its own log, and nothing started before it is left running', async () => {
  const base = process.env.HEARTH_TEST_BASE!;
  const before = new Set(processesUnder([base]).map((p) => p.pid));
  const outcome = await startFullStack({ agent: { notAConfigKey: true } }).then(
    async (stack) => {
      await stack.stop();
      return new Error('the stack started');
    },
    (e: Error) => e,
  );
  expect(outcome.message).toMatch(/agent exited with 1/);
  // The agent's own words, from its log.
  expect(outcome.message).toMatch(/notAConfigKey/);
  const left = processesUnder([base]).filter((p) => !before.has(p.pid));
  expect(left.map((p) => `${p.name}[${p.pid}]`)).toEqual([]);
});
