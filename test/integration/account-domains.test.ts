import { chownSync, existsSync, lchownSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startFullStack, FullStack } from '../harness/full-stack';
import { httpGet } from '../harness/nginx-php';
import { dig, digData } from '../harness/pdns';
import { sendMail, waitForMessage } from '../harness/mail-clients';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * Issue 18 end to end: addon domains, subdomains and aliases added through the API are
 * served by a real nginx with PHP as the account's uid, answered by a real PowerDNS,
 * receive mail through a real Postfix + Dovecot; suspension, removal and deletion cover
 * them; package limits and hostile values are refused with nothing changed.
 */
let stack: FullStack;

const alice = testUsername();
const bob = testUsername();
const primary = testDomain(alice);
const addon = `${alice}-shop.example.org`;
const sub = `blog.${primary}`;
const alias = `${alice}-alias.example.net`;

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

function home(username: string): string {
  return join(stack.root, 'home', username);
}

function vhostFile(domain: string): string {
  return join(stack.web.web.nginx.sitesAvailable, `${domain}.conf`);
}

function enabledLink(domain: string): string {
  return join(stack.web.web.nginx.sitesEnabled, `${domain}.conf`);
}

/** A PHP page written as the customer would (owned by the account). */
function writePhp(username: string, relDir: string, text: string): void {
  const file = join(home(username), relDir, 'index.php');
  writeFileSync(file, `<?php echo "${text} " . posix_getuid();`);
  chownSync(file, uidOf(username), uidOf(username));
}

/** A UAPI call as the account's owner (Basic auth with the account's password). */
async function uapi(user: string, module: string, fn: string, args: Record<string, string> = {}): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const auth = `Basic ${Buffer.from(`${user}:s3cur3p@ss`).toString('base64')}`;
  const res = await fetch(`${stack.url}/execute/${module}/${fn}?${new URLSearchParams(args)}`, { headers: { authorization: auth } });
  return { status: res.status, body: await res.json() };
}

let aliceId: number;
let bobId: number;
const domainsUrl = () => `/api/v1/accounts/${aliceId}/domains`;

async function listed(): Promise<string[]> {
  const res = await stack.request('GET', domainsUrl());
  expect(res.status).toBe(200);
  return res.body.data.map((d: { domain: string }) => d.domain).sort();
}

/** Everything a refused request must leave as it was: rows, vhost files, zones. */
async function hostSnapshot(): Promise<string> {
  const rows = await stack.db('account_domains').select('domain', 'type', 'document_root', 'target').orderBy('domain');
  const vhosts = readdirSync(stack.web.web.nginx.sitesAvailable).sort();
  const enabled = readdirSync(stack.web.web.nginx.sitesEnabled).sort();
  const record = readFileSync(join(stack.root, 'state', 'accounts', `${alice}.json`), 'utf8');
  return JSON.stringify({ rows, vhosts, enabled, record: JSON.parse(record).domains ?? [] });
}

beforeAll(async () => {
  stack = await startFullStack();
  // primary + addon + alias = 3 domains; 1 subdomain.
  const pkg = await stack.request('POST', '/api/v1/packages', { name: `domains-${alice}`, php_versions: ['8.2'], max_domains: 3, max_subdomains: 1 });
  expect(pkg.status).toBe(201);
  for (const [user, pkgId] of [[alice, pkg.body.data.id], [bob, 1]] as const) {
    const res = await stack.request('POST', '/api/v1/accounts', {
      username: user, domain: testDomain(user), email: `owner@${testDomain(user)}`, password: 's3cur3p@ss', package_id: pkgId,
    });
    expect(res.status).toBe(201);
    if (user === alice) aliceId = res.body.data.id;
    else bobId = res.body.data.id;
  }
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

describe('addon domains, subdomains and aliases', () => {
  test('an addon domain (given in mixed case with a trailing dot) serves its own index.php as the account\'s uid', async () => {
    const res = await stack.request('POST', domainsUrl(), { domain: `${addon.toUpperCase()}.`, type: 'addon', document_root: 'shop' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ domain: addon, type: 'addon', document_root: 'shop', target: null, status: 'active' });
    // The agent made the document root, the account's.
    expect(existsSync(join(home(alice), 'shop'))).toBe(true);
    writePhp(alice, 'shop', 'addon');
    const page = await httpGet(stack.web.port, addon, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(`addon ${uidOf(alice)}`);
    // The primary still serves its own site.
    expect((await httpGet(stack.web.port, primary, '/')).body).toContain(`Welcome to ${primary}`);
  });

  test('the addon domain has its own zone: dig answers SOA, NS, A and MX', async () => {
    expect((await dig(stack.pdns.port, addon, 'SOA')).answers).toHaveLength(1);
    expect(await digData(stack.pdns.port, addon, 'NS')).toEqual(['ns1.hearth-test.net.', 'ns2.hearth-test.net.']);
    expect(await digData(stack.pdns.port, addon, 'A')).toEqual(['192.0.2.10']);
    expect(await digData(stack.pdns.port, addon, 'MX')).toEqual([`10 mail.${addon}.`]);
  });

  test('mail to info@addon is delivered once a mailbox is made there', async () => {
    const box = await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: 'info', password: 'mail-pass-123', domain: addon });
    expect(box.status).toBe(201);
    expect(box.body.data.address).toBe(`info@${addon}`);
    const sent = await sendMail(stack.maild.smtpPort, `info@${addon}`, 'addon-mail-1');
    expect(sent.rcptCode).toBe(250);
    await waitForMessage(stack.maild.imapPort, `info@${addon}`, 'mail-pass-123', 'addon-mail-1');
  });

  test('hostile domains and document roots answer 422 with the field named, and change nothing', async () => {
    // A symlink out of the home, planted by the customer (owned by the account).
    symlinkSync('/etc', join(home(alice), 'evil'));
    lchownSync(join(home(alice), 'evil'), uidOf(alice), uidOf(alice));
    mkdirSync(join(home(alice), 'real'));
    chownSync(join(home(alice), 'real'), uidOf(alice), uidOf(alice));
    symlinkSync(`/home/${bob}`, join(home(alice), 'real', 'bob'));
    lchownSync(join(home(alice), 'real', 'bob'), uidOf(alice), uidOf(alice));
    const before = await hostSnapshot();
    const badDomains = [
      'a;b.example.org', 'evil.example.org;', 'x.example.org\n', 'x .example.org', 'a{b}.example.org', '"q".example.org',
      '*.wild.example.org', 'localhost', '127.0.0.1', `${'a'.repeat(64)}.example.org`, '../etc.example.org', 'a/b.example.org',
      'example', '', 42,
    ];
    for (const domain of badDomains) {
      const res = await stack.request('POST', domainsUrl(), { domain, type: 'addon', document_root: 'x' });
      expect([res.status, domain]).toEqual([422, domain]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('domain');
    }
    const badRoots = [
      '../x', '../../etc', 'a/../../b', '/etc', `/home/${bob}`, join(home(alice), 'abs'), '.ssh', 'a/.git', 'a//b', '.', 'logs', 'tmp/x',
      'a;b', 'a\nb', 'a b', '$HOME', 'x'.repeat(300), '',
    ];
    for (const root of badRoots) {
      const res = await stack.request('POST', domainsUrl(), { domain: `${alice}-x.example.org`, type: 'subdomain', document_root: root });
      expect([res.status, root]).toEqual([422, root]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('document_root');
    }
    // The symlinks pass the grammar; the agent refuses them by descriptor.
    for (const root of ['evil', 'evil/x', 'real/bob', 'real/bob/public_html']) {
      const res = await stack.request('POST', domainsUrl(), { domain: `x.${primary}`, type: 'subdomain', document_root: root });
      expect([res.status, root]).toEqual([422, root]);
      expect(res.body.details[0].field).toBe('document_root');
      expect(res.body.details[0].message).toMatch(/symbolic link/);
    }
    // Wrong type combinations.
    expect((await stack.request('POST', domainsUrl(), { domain: `x.${testDomain(bob)}`, type: 'subdomain' })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `y.${primary}`, type: 'addon' })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-z.example.org`, type: 'alias' })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-z.example.org`, type: 'alias', target: testDomain(bob) })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `www.${primary}`, type: 'subdomain' })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-z.example.org`, type: 'parked' })).status).toBe(422);
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-z.example.org`, type: 'addon', extra: 1 })).status).toBe(422);
    expect(await hostSnapshot()).toBe(before);
    // /etc was not touched through the link.
    expect(existsSync('/etc/x')).toBe(false);
  });

  test('a subdomain serves its own index.php as the account\'s uid, and dig answers its A record', async () => {
    const res = await stack.request('POST', domainsUrl(), { domain: sub, type: 'subdomain', document_root: 'sites/blog' });
    expect(res.status).toBe(201);
    writePhp(alice, 'sites/blog', 'blog');
    const page = await httpGet(stack.web.port, sub, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(`blog ${uidOf(alice)}`);
    expect(await digData(stack.pdns.port, sub, 'A')).toEqual(['192.0.2.10']);
    expect(await digData(stack.pdns.port, `www.${sub}`, 'A')).toEqual(['192.0.2.10']);
  });

  test('an alias serves the same content as its target', async () => {
    const res = await stack.request('POST', domainsUrl(), { domain: alias, type: 'alias', target: addon });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ domain: alias, type: 'alias', document_root: 'shop', target: addon });
    const page = await httpGet(stack.web.port, alias, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(`addon ${uidOf(alice)}`);
    // Outside every zone of the account: it has its own.
    expect(await digData(stack.pdns.port, alias, 'A')).toEqual(['192.0.2.10']);
    expect(await listed()).toEqual([addon, alias, sub].sort());
  });

  test('GET one domain; the doctor finds nothing wrong', async () => {
    const one = await stack.request('GET', `${domainsUrl()}/${addon.toUpperCase()}`);
    expect(one.status).toBe(200);
    expect(one.body.data.domain).toBe(addon);
    expect((await stack.request('GET', `${domainsUrl()}/nope.example.org`)).status).toBe(404);
    expect(await stack.doctor()).toEqual([]);
  });

  test('UAPI DomainInfo::list_domains answers the cPanel envelope with every kind of domain', async () => {
    const res = await uapi(alice, 'DomainInfo', 'list_domains');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['apiversion', 'func', 'module', 'result']);
    expect(res.body).toMatchObject({ apiversion: 3, module: 'DomainInfo', func: 'list_domains' });
    expect(res.body.result).toMatchObject({ status: 1, errors: null });
    expect(res.body.result.data).toEqual({ main_domain: primary, addon_domains: [addon], sub_domains: [sub], parked_domains: [alias] });
    const unknown = await uapi(alice, 'DomainInfo', 'nope');
    expect(unknown.body.result.status).toBe(0);
  });

  test('UAPI SubDomain::addsubdomain makes a served subdomain; hostile dir and limits answer status 0 and change nothing', async () => {
    const bobDomain = testDomain(bob);
    const made = await uapi(bob, 'SubDomain', 'addsubdomain', { domain: 'shop', rootdomain: bobDomain, dir: 'shopdir' });
    expect(made.body.result).toMatchObject({ status: 1, errors: null, data: null });
    writePhp(bob, 'shopdir', 'bobshop');
    expect((await httpGet(stack.web.port, `shop.${bobDomain}`, '/')).body).toBe(`bobshop ${uidOf(bob)}`);
    expect(await digData(stack.pdns.port, `shop.${bobDomain}`, 'A')).toEqual(['192.0.2.10']);
    expect((await uapi(bob, 'DomainInfo', 'list_domains')).body.result.data.sub_domains).toEqual([`shop.${bobDomain}`]);
    // Without dir: public_html/<label>, as cPanel does.
    const plain = await uapi(bob, 'SubDomain', 'addsubdomain', { domain: 'news', rootdomain: bobDomain });
    expect(plain.body.result.status).toBe(1);
    expect((await stack.request('GET', `/api/v1/accounts/${bobId}/domains/news.${bobDomain}`)).body.data.document_root).toBe('public_html/news');

    const before = await hostSnapshot();
    const bobRows = await stack.db('account_domains').where({ account_id: bobId }).count({ n: '*' });
    const hostile: Record<string, string>[] = [
      { domain: 'x', rootdomain: bobDomain, dir: '../../etc' },
      { domain: 'x', rootdomain: bobDomain, dir: '/etc' },
      { domain: 'x;y', rootdomain: bobDomain },
      { domain: 'x', rootdomain: testDomain(alice) },
      { domain: 'x' },
    ];
    for (const args of hostile) {
      const res = await uapi(bob, 'SubDomain', 'addsubdomain', args);
      expect(res.status).toBe(200);
      expect([res.body.result.status, args]).toEqual([0, args]);
      expect(res.body.result.errors?.[0]).toBeTruthy();
    }
    const limited = await uapi(alice, 'SubDomain', 'addsubdomain', { domain: 'two', rootdomain: primary });
    expect(limited.body.result.status).toBe(0);
    expect(limited.body.result.errors[0]).toMatch(/allows 1 subdomains/);
    expect(await hostSnapshot()).toBe(before);
    expect(await stack.db('account_domains').where({ account_id: bobId }).count({ n: '*' })).toEqual(bobRows);
  });

  test('another customer sees none of it (404, as if absent); a token without web.manage cannot change it (403)', async () => {
    const before = await hostSnapshot();
    const bobSession = (await stack.request('POST', '/api/v1/auth/login', { login: bob, password: 's3cur3p@ss' }, null)).body.data.token as string;
    expect(bobSession).toBeTruthy();
    expect((await stack.request('GET', domainsUrl(), undefined, bobSession)).status).toBe(404);
    expect((await stack.request('GET', `${domainsUrl()}/${addon}`, undefined, bobSession)).status).toBe(404);
    expect((await stack.request('POST', domainsUrl(), { domain: `${bob}-steal.example.org`, type: 'addon' }, bobSession)).status).toBe(404);
    expect((await stack.request('PATCH', `${domainsUrl()}/${addon}`, { document_root: 'x' }, bobSession)).status).toBe(404);
    expect((await stack.request('DELETE', `${domainsUrl()}/${addon}`, undefined, bobSession)).status).toBe(404);
    const mailOnly = await stack.createToken(['mail.manage']);
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-tok.example.org`, type: 'addon' }, mailOnly)).status).toBe(403);
    expect((await stack.request('DELETE', `${domainsUrl()}/${addon}`, undefined, mailOnly)).status).toBe(403);
    // Alice's own panel login manages her domains.
    const aliceSession = (await stack.request('POST', '/api/v1/auth/login', { login: alice, password: 's3cur3p@ss' }, null)).body.data.token as string;
    expect((await stack.request('GET', domainsUrl(), undefined, aliceSession)).status).toBe(200);
    expect(await hostSnapshot()).toBe(before);
  });

  test('the (max+1)th domain and subdomain answer 403 with their reason and change nothing', async () => {
    const before = await hostSnapshot();
    const more = await stack.request('POST', domainsUrl(), { domain: `${alice}-more.example.org`, type: 'addon' });
    expect(more.status).toBe(403);
    expect(more.body).toMatchObject({ error: 'forbidden', reason: 'domain_limit_reached' });
    const moreAlias = await stack.request('POST', domainsUrl(), { domain: `${alice}-more.example.net`, type: 'alias', target: primary });
    expect(moreAlias.status).toBe(403);
    expect(moreAlias.body.reason).toBe('domain_limit_reached');
    const moreSub = await stack.request('POST', domainsUrl(), { domain: `shop.${primary}`, type: 'subdomain' });
    expect(moreSub.status).toBe(403);
    expect(moreSub.body).toMatchObject({ error: 'forbidden', reason: 'subdomain_limit_reached' });
    expect(await hostSnapshot()).toBe(before);
  });

  test('usage counts the domains against the package; a package allowing fewer is refused with 409 naming each limit', async () => {
    const usage = await stack.request('GET', `/api/v1/accounts/${aliceId}/usage`);
    expect(usage.status).toBe(200);
    expect(usage.body.data.domains).toEqual({ used: 3, limit: 3 });
    expect(usage.body.data.subdomains).toEqual({ used: 1, limit: 1 });
    const smaller = await stack.request('POST', '/api/v1/packages', { name: `fewer-${alice}`, php_versions: ['8.2'], max_domains: 2, max_subdomains: 1 });
    expect(smaller.status).toBe(201);
    const before = await hostSnapshot();
    const refused = await stack.request('POST', `/api/v1/accounts/${aliceId}/package`, { package_id: smaller.body.data.id });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'max_domains', limit: 2, usage: 3 })]);
    expect((await stack.request('GET', `/api/v1/accounts/${aliceId}`)).body.data.package_id).not.toBe(smaller.body.data.id);
    expect(await hostSnapshot()).toBe(before);
  });

  test('another account\'s domains, their parents and subdomains, in any spelling, answer 409 both ways', async () => {
    // An IDN addon of bob's is stored in its punycode form; alice cannot take it in either form.
    const idn = await stack.request('POST', `/api/v1/accounts/${bobId}/domains`, { domain: `bücher-${bob}.example.org`, type: 'addon' });
    expect(idn.status).toBe(201);
    const puny = idn.body.data.domain as string;
    expect(puny).toMatch(/^xn--/);
    const before = await hostSnapshot();
    for (const domain of [`bücher-${bob}.example.org`, puny, `BÜCHER-${bob.toUpperCase()}.EXAMPLE.ORG.`, `x.${puny}`]) {
      const res = await stack.request('POST', domainsUrl(), { domain, type: 'addon' });
      expect([res.status, domain]).toEqual([409, domain]);
    }
    const bobDomain = testDomain(bob);
    for (const domain of [bobDomain, `${bobDomain.toUpperCase()}.`, `shop.${bobDomain}`]) {
      const res = await stack.request('POST', domainsUrl(), { domain, type: 'addon' });
      expect([res.status, domain]).toEqual([409, domain]);
    }
    // Bob cannot take alice's addon domain, nor a name below it, as his addon or as a new account.
    expect((await stack.request('POST', `/api/v1/accounts/${bobId}/domains`, { domain: addon, type: 'addon' })).status).toBe(409);
    expect((await stack.request('POST', `/api/v1/accounts/${bobId}/domains`, { domain: `x.${addon}`, type: 'addon' })).status).toBe(409);
    const carol = testUsername();
    const create = await stack.request('POST', '/api/v1/accounts', { username: carol, domain: `www.${alias}`, email: `o@${testDomain(carol)}`, password: 's3cur3p@ss', package_id: 1 });
    expect(create.status).toBe(409);
    // Alice already has it.
    expect((await stack.request('POST', domainsUrl(), { domain: addon, type: 'addon' })).status).toBe(409);
    expect(await hostSnapshot()).toBe(before);
  });

  test('the same new domain added by two accounts at once: exactly one wins, the other gets 409', async () => {
    const carol = testUsername();
    const created = await stack.request('POST', '/api/v1/accounts', { username: carol, domain: testDomain(carol), email: `o@${testDomain(carol)}`, password: 's3cur3p@ss', package_id: 1 });
    expect(created.status).toBe(201);
    const race = `${bob}-race.example.org`;
    const answers = await Promise.all([
      stack.request('POST', `/api/v1/accounts/${bobId}/domains`, { domain: race, type: 'addon' }),
      stack.request('POST', `/api/v1/accounts/${created.body.data.id}/domains`, { domain: race.toUpperCase(), type: 'addon' }),
      stack.request('POST', `/api/v1/accounts/${bobId}/domains`, { domain: `www-x.${race}`, type: 'addon' }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 422)).toHaveLength(2);
    const rows = await stack.db('account_domains').where('domain', 'like', `%${race}`);
    expect(rows).toHaveLength(1);
    expect(await stack.doctor()).toEqual([]);
  });

  test('suspend: every domain answers the suspended page; unsuspend: all back', async () => {
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/suspend`)).status).toBe(200);
    for (const host of [primary, addon, sub, alias]) {
      const res = await httpGet(stack.web.port, host, '/');
      expect([host, res.status]).toEqual([host, 503]);
      expect(res.body).toContain('Account suspended');
    }
    // Mail to the addon domain waits (450) like the primary's.
    expect((await sendMail(stack.maild.smtpPort, `info@${addon}`, 'while-suspended')).rcptCode).toBe(450);
    // A suspended account gets no new domains.
    expect((await stack.request('POST', domainsUrl(), { domain: `${alice}-late.example.org`, type: 'addon' })).status).toBe(409);
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/unsuspend`)).status).toBe(200);
    expect((await httpGet(stack.web.port, addon, '/')).body).toBe(`addon ${uidOf(alice)}`);
    expect((await httpGet(stack.web.port, alias, '/')).body).toBe(`addon ${uidOf(alice)}`);
    expect((await httpGet(stack.web.port, sub, '/')).body).toBe(`blog ${uidOf(alice)}`);
    expect((await httpGet(stack.web.port, primary, '/')).body).toContain(`Welcome to ${primary}`);
  });

  test('PATCH moves a document root; its alias follows', async () => {
    mkdirSync(join(home(alice), 'shop2'));
    chownSync(join(home(alice), 'shop2'), uidOf(alice), uidOf(alice));
    writePhp(alice, 'shop2', 'shop2');
    const bad = await stack.request('PATCH', `${domainsUrl()}/${addon}`, { document_root: 'evil' });
    expect(bad.status).toBe(422);
    const res = await stack.request('PATCH', `${domainsUrl()}/${addon}`, { document_root: 'shop2' });
    expect(res.status).toBe(200);
    expect((await httpGet(stack.web.port, addon, '/')).body).toBe(`shop2 ${uidOf(alice)}`);
    expect((await httpGet(stack.web.port, alias, '/')).body).toBe(`shop2 ${uidOf(alice)}`);
    expect((await stack.request('GET', `${domainsUrl()}/${alias}`)).body.data.document_root).toBe('shop2');
  });

  test('removing a domain leaves nothing of it (vhost, zone, mail domain, mailbox rows), and the doctor is clean', async () => {
    // The addon has an alias: it must go first.
    expect((await stack.request('DELETE', `${domainsUrl()}/${addon}`)).status).toBe(409);
    expect((await stack.request('DELETE', `${domainsUrl()}/${alias}`)).status).toBe(204);
    expect((await stack.request('DELETE', `${domainsUrl()}/${addon}`)).status).toBe(204);
    for (const d of [addon, alias]) {
      expect(existsSync(vhostFile(d))).toBe(false);
      expect(existsSync(enabledLink(d))).toBe(false);
      expect((await dig(stack.pdns.port, d, 'SOA')).answers).toEqual([]);
      expect((await httpGet(stack.web.port, d, '/')).body).not.toContain('shop2');
    }
    expect(readFileSync(stack.maild.mail.vdomainsFile, 'utf8')).not.toContain(addon);
    expect(await stack.db('mailboxes').where('address', 'like', `%@${addon}`)).toEqual([]);
    expect(await listed()).toEqual([sub]);
    expect(await stack.doctor()).toEqual([]);
  });

  test('deleting the account removes every domain it had; the doctor is clean', async () => {
    expect((await stack.request('DELETE', `/api/v1/accounts/${aliceId}`)).status).toBe(204);
    for (const d of [primary, sub]) {
      expect(existsSync(vhostFile(d))).toBe(false);
      expect(existsSync(enabledLink(d))).toBe(false);
    }
    expect((await dig(stack.pdns.port, sub, 'A')).answers).toEqual([]);
    expect(existsSync(home(alice))).toBe(false);
    expect(await stack.db('account_domains').where({ account_id: aliceId })).toEqual([]);
    expect(await stack.doctor()).toEqual([]);
  });
});
