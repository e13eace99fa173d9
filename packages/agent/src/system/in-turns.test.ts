import { inTurns } from './in-turns';

describe('inTurns', () => {
  it('calls each item once, in order, and lets the event loop run between turns only', async () => {
    const seen: string[] = [];
    const loop = setImmediate(() => seen.push('loop'));
    await inTurns([1, 2, 3, 4, 5], 2, (n) => seen.push(String(n)));
    clearImmediate(loop);
    expect(seen).toEqual(['1', '2', 'loop', '3', '4', '5']);
  });

  it('does nothing for no items', async () => {
    const each = jest.fn();
    await inTurns([], 4, each);
    expect(each).not.toHaveBeenCalled();
  });
});
