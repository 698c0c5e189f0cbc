/** A primitive Connect value as XML text (XSD lexical forms, so the XSD-typed reader reads it back). */
import { logicalTypeOf, type Schema } from '../../src/api/index.js';

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  return String(v);
}

function base64(v: Uint8Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** Formats by schema where one is given (logical types), else by the JS type. */
export function formatPrimitive(schema: Schema | null | undefined, v: unknown): string {
  if (schema?.name !== undefined && v instanceof Date) {
    const logical = logicalTypeOf(schema);
    if (logical === 'Date') return v.toISOString().slice(0, 10);
    if (logical === 'Time') return v.toISOString().slice(11, 23);
  }
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Date) return v.toISOString();
      if (v instanceof Uint8Array) return base64(v);
      throw new Error(`cannot write a ${v === null ? 'null' : typeof v} value as XML text`);
  }
}

/** True for values written as text (not as elements). */
export function isPrimitive(v: unknown): boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean' || v instanceof Date || v instanceof Uint8Array;
}
