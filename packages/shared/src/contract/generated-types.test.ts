import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

/*
 * The message types in generated/ are committed; this keeps them the generator's output of
 * the current proto/ (after a .proto change: `npm run proto:types`).
 */
test('generated/ is what scripts/gen-proto-types.js makes of proto/ now', () => {
  const root = resolve(__dirname, '../../../..');
  const out = mkdtempSync(join(tmpdir(), 'proto-types-check-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts/gen-proto-types.js'), out], { cwd: root, stdio: 'pipe' });
    const committed = join(__dirname, 'generated');
    const files = readdirSync(out).sort();
    expect(readdirSync(committed).sort()).toEqual(files);
    for (const f of files) expect({ f, text: readFileSync(join(committed, f), 'utf8') }).toEqual({ f, text: readFileSync(join(out, f), 'utf8') });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
