import { firstSerialOf, formatSoa, nextSerial, parseSoa } from './soa-serial';

const day = new Date('2025-03-07T23:59:59Z');

test('first serial of a day is YYYYMMDD01 (UTC)', () => {
  expect(firstSerialOf(day)).toBe(2025030701);
});

test.each([
  [2025030701, 2025030702],  // same day: +1
  [2024123199, 2025030701],  // an older day: today's first
  [2025030799, 2025030800],  // the 100th change runs into tomorrow: still increasing
  [2025031005, 2025031006],  // a serial from the future is never moved back
])('nextSerial(%d) = %d', (current, expected) => {
  expect(nextSerial(current, day)).toBe(expected);
});

test('SOA content round-trips', () => {
  const soa = 'ns1.example.net hostmaster.example.net 2025030701 10800 3600 604800 3600';
  expect(formatSoa(parseSoa(soa))).toBe(soa);
  expect(() => parseSoa('ns1.example.net hostmaster 1')).toThrow();
});
