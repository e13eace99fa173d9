import { statusHasUid } from './user-processes';

const status = (uids: string, name = 'php-fpm8.2') =>
  `Name:\t${name}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nPid:\t42\nPPid:\t1\nTracerPid:\t0\nUid:\t${uids}\nGid:\t0\t0\t0\t0\n`;

describe('a process runs as a user when any of its four uids is the user', () => {
  it.each([
    ['real', '1003\t0\t0\t0', true],
    ['effective', '0\t1003\t0\t0', true],
    ['saved', '0\t0\t1003\t0', true],
    ['filesystem', '0\t0\t0\t1003', true],
    ['none', '0\t0\t0\t0', false],
    ['a longer uid with the same digits', '10030\t10030\t10030\t10030', false],
    ['a shorter one', '100\t100\t100\t100', false],
  ])('%s', (_what, uids, expected) => {
    expect(statusHasUid(status(uids), 1003)).toBe(expected);
  });

  it('reads the kernel\'s Uid line, not one spelled inside the process name', () => {
    expect(statusHasUid(status('0\t0\t0\t0', 'x\nUid:\t1003\t1003\t1003\t1003'), 1003)).toBe(false);
    expect(statusHasUid(status('1003\t1003\t1003\t1003', 'x\nUid:\t0\t0\t0\t0'), 1003)).toBe(true);
  });

  it('a status without a Uid line (a process read as it ended) names no one', () => {
    expect(statusHasUid('', 1003)).toBe(false);
    expect(statusHasUid('Name:\tx\n', 1003)).toBe(false);
  });
});
