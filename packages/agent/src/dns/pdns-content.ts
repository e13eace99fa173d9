import type { DnsRecordInput } from '@hearth/shared';

/**
 * PowerDNS stores record content in zone-file presentation form. Everything Hearth writes
 * has been validated to a strict alphabet; only TXT needs translation: the API speaks
 * plain text, the `records` table holds quoted character-strings of at most 255 bytes.
 */
const CHUNK = 255;

export function txtToPdns(text: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
  return chunks.map((c) => `"${c.replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(' ');
}

/** Reads quoted strings back into plain text; unquoted content is returned as is. */
export function txtFromPdns(content: string): string {
  if (!content.startsWith('"')) return content;
  let out = '';
  let i = 0;
  while (i < content.length) {
    if (content[i] !== '"') {
      i++;
      continue;
    }
    i++;
    while (i < content.length && content[i] !== '"') {
      if (content[i] === '\\' && i + 1 < content.length) i++;
      out += content[i];
      i++;
    }
    i++;
  }
  return out;
}

export function contentToPdns(record: Pick<DnsRecordInput, 'type' | 'content'>): string {
  return record.type === 'TXT' ? txtToPdns(record.content) : record.content;
}

export function contentFromPdns(type: string, content: string): string {
  return type === 'TXT' ? txtFromPdns(content) : content;
}
