import { phpShardProblem, resolveWebConfig, shardOf, withShard } from './web-config';
import { accountWebPaths } from './web-paths';

describe('PHP-FPM shards (web.php.shards)', () => {
  test('one master: patterns and pool paths are as before', () => {
    const web = resolveWebConfig({});
    expect(web.php.shards).toBe(1);
    expect(phpShardProblem(web.php)).toBeNull();
    expect(accountWebPaths(web, '/home', { username: 'alice', domain: 'alice.example' }).poolFile('8.2')).toBe('/etc/php/8.2/fpm/pool.d/alice.example.conf');
  });

  test('a username always lands in the same shard, and the shards share the accounts', () => {
    const php = { shards: 4 };
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shardOf(php, `user${i}`)]++;
    expect(shardOf(php, 'alice')).toBe(shardOf(php, 'alice'));
    for (const n of counts) expect(n).toBeGreaterThan(60);
  });

  test('the pool file is in the directory of its shard', () => {
    const web = resolveWebConfig({ php: { ...resolveWebConfig({}).php, shards: 3, poolDirPattern: '/srv/php/{version}/shard-{shard}/pool.d', mainConfigPattern: '/srv/php/{version}/shard-{shard}/php-fpm.conf', pidFilePattern: '/run/php/{version}-{shard}.pid', systemdUnitPattern: 'hearth-php{version}-fpm@{shard}' } });
    const shard = shardOf(web.php, 'alice');
    expect(accountWebPaths(web, '/home', { username: 'alice', domain: 'alice.example' }).poolFile('8.2')).toBe(`/srv/php/8.2/shard-${shard}/pool.d/alice.example.conf`);
    expect(withShard(web.php.systemdUnitPattern, '8.2', 2)).toBe('hearth-php8.2-fpm@2');
  });

  test('several masters need {shard} in every per-master pattern', () => {
    const php = { ...resolveWebConfig({}).php, shards: 2 };
    expect(phpShardProblem(php)).toMatch(/mainConfigPattern, poolDirPattern, pidFilePattern, systemdUnitPattern lack \{shard\}/);
  });
});
