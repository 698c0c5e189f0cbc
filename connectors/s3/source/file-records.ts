/**
 * Splits a downloaded sink file back into record values: JSON lines (schemaless values, as JsonConverter
 * with `schemas.enable=false` would read them) or ByteArray chunks between separators.
 */
import { gunzipSync } from 'node:zlib';
import { DataError } from '../../../src/api/index.js';

export type SourceFormat = { kind: 'json' } | { kind: 'bytearray'; separator: Buffer };

export function decodeFile(key: string, body: Uint8Array, format: SourceFormat): unknown[] {
  const bytes = key.endsWith('.gz') ? gunzipSync(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return format.kind === 'json' ? jsonLines(key, bytes) : splitOn(bytes, format.separator);
}

function jsonLines(key: string, bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  const text = bytes.toString('utf8');
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const l = text.slice(start, end);
    if (l.trim() !== '') {
      try {
        out.push(JSON.parse(l));
      } catch (err) {
        throw new DataError(`s3 object ${key} line ${line} is not JSON: ${(err as Error).message}`, { cause: err });
      }
    }
    start = end + 1;
    line++;
  }
  return out;
}

function splitOn(bytes: Buffer, separator: Buffer): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(separator, start);
    if (end < 0) {
      out.push(bytes.subarray(start));
      break;
    }
    out.push(bytes.subarray(start, end));
    start = end + separator.length;
  }
  return out;
}
