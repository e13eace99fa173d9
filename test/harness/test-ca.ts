import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throw-away certificate authority made with openssl, for "custom certificate" uploads:
 * leaf certificates with any names and any validity dates (expired ones too).
 */
export interface TestCa {
  caFile: string;
  issue(names: string[], dates?: { start: string; end: string }): { certificate: string; privateKey: string };
  /** A fresh key that matches nothing. */
  strayKey(): string;
}

export function makeTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true });
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = testca', '[testca]', 'dir = .', 'database = index.txt', 'new_certs_dir = .',
    'serial = serial', 'default_md = sha256', 'policy = anything', 'copy_extensions = copy', 'unique_subject = no',
    '[anything]', 'commonName = supplied', '',
  ].join('\n'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=Hearth test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  let n = 0;
  const key = (name: string) => {
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name]);
    return readFileSync(join(dir, name), 'utf8');
  };
  return {
    caFile: join(dir, 'ca.pem'),
    issue(names, dates) {
      n += 1;
      const privateKey = key(`leaf${n}.key`);
      run(['req', '-new', '-key', `leaf${n}.key`, '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((d) => `DNS:${d}`).join(',')}`, '-out', `leaf${n}.csr`]);
      const validity = dates ? ['-startdate', dates.start, '-enddate', dates.end] : ['-days', '30'];
      run(['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `leaf${n}.csr`, '-out', `leaf${n}.pem`, ...validity]);
      return { certificate: readFileSync(join(dir, `leaf${n}.pem`), 'utf8'), privateKey };
    },
    strayKey() {
      n += 1;
      return key(`stray${n}.key`);
    },
  };
}
