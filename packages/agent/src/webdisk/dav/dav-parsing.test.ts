import { parseIf, submittedTokens } from './if-header';
import { MalformedXml, parseXml, serialize } from './xml-tree';
import { parseTimeout } from './lock-table';

describe('If header', () => {
  test('untagged and tagged lists, Not, entity tags', () => {
    const lists = parseIf('<http://h/a> (<opaquelocktoken:1> ["e1"]) (Not <DAV:no-lock> ["e2"])');
    expect(lists).toEqual([
      { resource: 'http://h/a', conditions: [{ not: false, token: 'opaquelocktoken:1' }, { not: false, etag: '"e1"' }] },
      { resource: 'http://h/a', conditions: [{ not: true, token: 'DAV:no-lock' }, { not: false, etag: '"e2"' }] },
    ]);
    expect([...submittedTokens(lists)]).toEqual(['opaquelocktoken:1']);
  });

  test.each(['(', '()', '<x>', 'junk', '(<a>', '(["x")'])('%s is malformed', (h) => {
    expect(parseIf(h)).toBeNull();
  });
});

describe('request XML', () => {
  test('namespaces are resolved and values re-serialised with their own declarations', () => {
    const el = parseXml('<D:prop xmlns:D="DAV:"><t:v xmlns:t="urn:t"><x xmlns="urn:x">1 &amp; 2</x></t:v></D:prop>');
    expect(el).toMatchObject({ ns: 'DAV:', local: 'prop' });
    expect(serialize(el.children[0] as never)).toBe('<x0:v xmlns:x0="urn:t"><x1:x xmlns:x1="urn:x">1 &amp; 2</x1:x></x0:v>');
  });

  test.each(['<foo>', '<D:x xmlns:D="DAV:"><y:z/></D:x>', '<a xmlns:b=""/>', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', ''])('%s is malformed', (text) => {
    expect(() => parseXml(text)).toThrow(MalformedXml);
  });
});

test('lock timeouts are capped at an hour', () => {
  expect(parseTimeout('Second-60')).toBe(60);
  expect(parseTimeout('Infinite, Second-4100000000')).toBe(3600);
  expect(parseTimeout(undefined)).toBe(3600);
});
