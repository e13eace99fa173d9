import { belowDomainPattern, reversedDomain } from './reversed-domain';

test('reverses labels and ends with a dot', () => {
  expect(reversedDomain('shop.example.com')).toBe('com.example.shop.');
  expect(reversedDomain('Example.COM')).toBe('com.example.');
});

test('the pattern of names below a domain matches subdomains only, not siblings with a longer label', () => {
  const re = (p: string) => new RegExp(`^${p.replace(/\\(.)/g, '$1').replace(/[.]/g, '\\.').replace(/_/g, '.').replace(/%/g, '.*')}$`);
  const below = re(belowDomainPattern('example.com'));
  expect(below.test(reversedDomain('a.example.com'))).toBe(true);
  expect(below.test(reversedDomain('b.a.example.com'))).toBe(true);
  expect(below.test(reversedDomain('example.com'))).toBe(false);
  expect(below.test(reversedDomain('myexample.com'))).toBe(false);
  expect(below.test(reversedDomain('example.community'))).toBe(false);
});

test('LIKE metacharacters are escaped', () => {
  expect(belowDomainPattern('a_b.com')).toBe('com.a\\_b._%');
});
