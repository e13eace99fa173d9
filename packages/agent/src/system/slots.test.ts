import { Slots } from './slots';

const tick = () => new Promise((r) => setImmediate(r));

describe('Slots', () => {
  it('runs at most `size` at once and starts the rest in arrival order as slots free up', async () => {
    const slots = new Slots(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const all = [0, 1, 2, 3].map((i) => slots.run(async () => {
      started.push(i);
      await new Promise<void>((r) => (finish[i] = r));
      return i;
    }));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.load).toEqual({ running: 2, waiting: 2 });
    finish[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[0]();
    finish[2]();
    await tick();
    finish[3]();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a failure frees its slot and reaches only its own caller', async () => {
    const slots = new Slots(1);
    const failed = slots.run(async () => { throw new Error('order refused'); });
    const next = slots.run(async () => 'ran');
    await expect(failed).rejects.toThrow('order refused');
    await expect(next).resolves.toBe('ran');
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it.each([0, -1, 1.5, NaN])('refuses %p slots', (size) => {
    expect(() => new Slots(size)).toThrow(/positive integer/);
  });
});
