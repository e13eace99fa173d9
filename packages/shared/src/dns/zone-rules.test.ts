import { ConflictError, ValidationError } from '../errors';
import { assertChangeable, assertFitsZone, isProtectedRecord } from './zone-rules';
import { findOverlappingDomain } from './domain-overlap';
import { DnsRecord, DnsRecordInput } from './record-types';

const ZONE = 'example.com';
const rec = (id: string, name: string, type: string, content: string, priority: number | null = null): DnsRecord => ({
  id, name, type, content, ttl: 3600, priority, protected: false,
});
const existing = [
  rec('1', ZONE, 'SOA', 'ns1.example.net hostmaster.example.net 2024010101 10800 3600 604800 3600'),
  rec('2', ZONE, 'NS', 'ns1.example.net'),
  rec('3', 'www.example.com', 'A', '192.0.2.1'),
  rec('4', 'blog.example.com', 'CNAME', 'host.example.net'),
  rec('5', ZONE, 'MX', 'mail.example.com', 10),
];
const input = (name: string, type: DnsRecordInput['type'], content: string, priority: number | null = null): DnsRecordInput => ({
  name, type, content, ttl: 3600, priority,
});

describe('assertFitsZone', () => {
  test('a CNAME beside other data is refused', () => {
    expect(() => assertFitsZone(ZONE, existing, input('www.example.com', 'CNAME', 'x.example.net'))).toThrow(ValidationError);
  });
  test('other data beside a CNAME is refused', () => {
    expect(() => assertFitsZone(ZONE, existing, input('blog.example.com', 'TXT', 'hello'))).toThrow(ValidationError);
    expect(() => assertFitsZone(ZONE, existing, input('blog.example.com', 'CNAME', 'other.example.net'))).toThrow(ValidationError);
  });
  test('a CNAME at the apex is refused', () => {
    expect(() => assertFitsZone(ZONE, [], input(ZONE, 'CNAME', 'x.example.net'))).toThrow(ValidationError);
  });
  test('replacing the CNAME itself is allowed', () => {
    expect(() => assertFitsZone(ZONE, existing, input('blog.example.com', 'CNAME', 'other.example.net'), '4')).not.toThrow();
    expect(() => assertFitsZone(ZONE, existing, input('blog.example.com', 'A', '192.0.2.9'), '4')).not.toThrow();
  });
  test('an exact duplicate is a conflict; a second value is fine', () => {
    expect(() => assertFitsZone(ZONE, existing, input('www.example.com', 'A', '192.0.2.1'))).toThrow(ConflictError);
    expect(() => assertFitsZone(ZONE, existing, input('www.example.com', 'A', '192.0.2.2'))).not.toThrow();
    expect(() => assertFitsZone(ZONE, existing, input(ZONE, 'MX', 'mail.example.com', 20))).not.toThrow();
  });
});

describe('protected records', () => {
  test('SOA and apex NS are protected; delegations are not', () => {
    expect(isProtectedRecord(ZONE, { name: ZONE, type: 'SOA' })).toBe(true);
    expect(isProtectedRecord(ZONE, { name: ZONE, type: 'NS' })).toBe(true);
    expect(isProtectedRecord(ZONE, { name: 'sub.example.com', type: 'NS' })).toBe(false);
    expect(() => assertChangeable(ZONE, { name: ZONE, type: 'NS' })).toThrow(ValidationError);
    expect(() => assertChangeable(ZONE, { name: 'www.example.com', type: 'A' })).not.toThrow();
  });
});

describe('findOverlappingDomain', () => {
  const taken = ['example.com', 'shop.other.org'];
  test.each([
    ['example.com', 'example.com'],
    ['b.example.com', 'example.com'],
    ['deep.b.example.com', 'example.com'],
    ['other.org', 'shop.other.org'],
    ['ample.com', null],
    ['badexample.com', null],
    ['www.other.org', null],
  ])('%s overlaps %s', (domain, expected) => {
    expect(findOverlappingDomain(domain, taken)).toBe(expected);
  });
});
