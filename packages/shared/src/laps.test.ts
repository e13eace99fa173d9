import { Laps } from './laps';

describe('Laps', () => {
  it('gives each named point the whole milliseconds since the point before it', () => {
    let now = 1000;
    const laps = new Laps(() => now);
    now += 12.4;
    laps.lap('check');
    now += 0.6;
    laps.lap('ping');
    now += 140.5;
    laps.lap('agent');
    expect(laps.all).toEqual({ check: 12, ping: 1, agent: 141 });
  });

  it('starts counting when it is made', () => {
    let now = 50;
    const laps = new Laps(() => now);
    now = 75;
    laps.lap('first');
    expect(laps.all).toEqual({ first: 25 });
  });
});
