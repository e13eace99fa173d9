import { createLogger } from '@hearth/shared';
import { ChangeWatch } from './change-watch';

const log = createLogger('test', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function source(marks: (string | Error)[]) {
  let i = 0;
  return {
    async changeMark() {
      const m = marks[Math.min(i++, marks.length - 1)];
      if (m instanceof Error) throw m;
      return m;
    },
  };
}

describe('ChangeWatch', () => {
  test('not current before it has polled; current after; a changed mark tells every listener', async () => {
    const w = new ChangeWatch(source(['1:0:1', '1:0:1', '1:1:1']), 20, 'rows', log);
    let told = 0;
    w.onChange(() => told++);
    expect(w.current()).toBe(false);
    w.start();
    await sleep(5);
    expect(w.current()).toBe(true);
    const first = told;
    await sleep(70);
    expect(told).toBe(first + 1);
    w.stop();
    expect(w.current()).toBe(false);
  });

  test('a failing poll makes it not current within two intervals (remembered rows unused)', async () => {
    const w = new ChangeWatch(source(['1:0:1', new Error('down')]), 20, 'rows', log);
    w.start();
    await sleep(5);
    expect(w.current()).toBe(true);
    await sleep(80);
    expect(w.current()).toBe(false);
    w.stop();
  });

  test('changedHere tells the listeners at once', () => {
    const w = new ChangeWatch(source(['x']), 1000, 'rows', log);
    let told = 0;
    w.onChange(() => told++);
    w.changedHere();
    expect(told).toBe(1);
  });
});
