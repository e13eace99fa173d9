import { renderPhpPool } from './render-php-pool';
import { upgradedPool } from './pool-upgrade';

const params = {
  username: 'alice', uid: 1001, gid: 1001, home: '/home/alice', socket: '/run/php/hearth-alice.sock',
  webUid: 33, webGid: 33, workers: 5, memoryMb: 128,
};
const today = renderPhpPool(params);
const withLine = (line: string) => today.replace('php_admin_value[open_basedir] = /home/alice/\n', `${line}\n`);

describe('upgradedPool', () => {
  it('rewrites the open_basedir line earlier versions wrote into what a pool gets today', () => {
    const old = withLine('php_admin_value[open_basedir] = /home/alice/:/home/alice/tmp/');
    expect(old).not.toBe(today);
    expect(upgradedPool(old)).toBe(today);
  });

  it('leaves a pool written today as it is', () => {
    expect(upgradedPool(today)).toBe(today);
  });

  it.each([
    ['entries naming different homes', 'php_admin_value[open_basedir] = /home/alice/:/home/bob/tmp/'],
    ['a third entry an administrator added', 'php_admin_value[open_basedir] = /home/alice/:/home/alice/tmp/:/usr/share/php/'],
    ['a commented-out line', ';php_admin_value[open_basedir] = /home/alice/:/home/alice/tmp/'],
  ])('leaves a line it did not write alone: %s', (_name, line) => {
    const text = withLine(line);
    expect(upgradedPool(text)).toBe(text);
  });
});
