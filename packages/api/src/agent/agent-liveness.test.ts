import { AgentLiveness } from './agent-liveness';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('AgentLiveness', () => {
  it('shares one probe between callers waiting at once', async () => {
    let probes = 0;
    const live = new AgentLiveness(async () => { probes++; return true; }, 20);
    expect(await Promise.all([live.probe(), live.probe(), live.probe()])).toEqual([true, true, true]);
    expect(probes).toBe(1);
    live.close();
  });

  it('counts a thrown probe as no answer', async () => {
    const live = new AgentLiveness(async () => { throw new Error('deadline'); }, 20);
    expect(await live.probe()).toBe(false);
    live.close();
  });

  it('abandons a watched call once a probe goes unanswered', async () => {
    let answering = true;
    const live = new AgentLiveness(async () => answering, 10);
    const call = deferred<string>();
    let cancelled = false;
    const watched = live.watch(call.promise, () => { cancelled = true; return new Error('stopped answering'); });
    answering = false;
    await expect(watched).rejects.toThrow('stopped answering');
    expect(cancelled).toBe(true);
    call.reject(new Error('cancelled'));
    live.close();
  });

  it('passes the call through while the agent answers', async () => {
    const live = new AgentLiveness(async () => true, 5);
    const call = deferred<string>();
    const watched = live.watch(call.promise, () => new Error('never'));
    await new Promise((r) => setTimeout(r, 30));
    call.resolve('done');
    await expect(watched).resolves.toBe('done');
    live.close();
  });
});
