import { contentFromPdns, contentToPdns, txtFromPdns, txtToPdns } from './pdns-content';

test.each([
  ['v=spf1 a mx ~all', '"v=spf1 a mx ~all"'],
  ['say "hi" \\ ok', '"say \\"hi\\" \\\\ ok"'],
])('TXT %j is stored as %j and read back', (text, stored) => {
  expect(txtToPdns(text)).toBe(stored);
  expect(txtFromPdns(stored)).toBe(text);
});

test('long TXT is split into 255-character strings and joined back', () => {
  const text = 'k'.repeat(600);
  const stored = txtToPdns(text);
  expect(stored.split(' ')).toHaveLength(3);
  expect(txtFromPdns(stored)).toBe(text);
});

test('other types pass through unchanged', () => {
  expect(contentToPdns({ type: 'MX', content: 'mail.example.com' })).toBe('mail.example.com');
  expect(contentFromPdns('CAA', '0 issue "letsencrypt.org"')).toBe('0 issue "letsencrypt.org"');
});
