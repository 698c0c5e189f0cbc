import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal, Schemas, type Schema } from '../../src/api/index.js';

export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

const INT_TYPES: readonly [Schema, bigint][] = [
  [Schemas.INT8, 127n],
  [Schemas.INT16, 32767n],
  [Schemas.INT32, 2147483647n],
  [Schemas.INT64, 9223372036854775807n],
];

/**
 * Kafka's `Values.parseString` for a single literal, as InsertHeader uses it: null, booleans, the
 * smallest integer type that holds the number (else Decimal), float32/float64, ISO date/time/timestamp,
 * otherwise the string itself. (Array `[..]` and map `{..}` literals are kept as strings.)
 */
export function parseLiteral(text: string): SchemaAndValue {
  const t = text.trim();
  if (t === '') return { schema: Schemas.STRING, value: text };
  if (t === 'null') return { schema: null, value: null };
  if (t === 'true' || t === 'false') return { schema: Schemas.BOOLEAN, value: t === 'true' };
  if (/^[+-]?\d+$/.test(t)) {
    const n = BigInt(t);
    for (const [schema, max] of INT_TYPES) {
      if (n <= max && n >= -max - 1n) return { schema, value: Number.isSafeInteger(Number(n)) ? Number(n) : n };
    }
    return { schema: Decimal.schema(0), value: n.toString() };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(t)) {
    const d = Number(t);
    // An integral decimal ("2.0", "1e3") is an integer, as BigDecimal's value decides in Kafka.
    if (Number.isSafeInteger(d)) return parseLiteral(String(d));
    // float32 when it fits; the value stays the JS number, so 0.1 prints as 0.1 (not 0.10000000149…).
    if (Number.isFinite(Math.fround(d))) return { schema: Schemas.FLOAT32, value: d };
    if (Number.isFinite(d)) return { schema: Schemas.FLOAT64, value: d };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return { schema: ConnectDate.SCHEMA, value: d };
  }
  if (/^\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(t)) {
    const d = new Date(`1970-01-01T${t}`);
    if (!Number.isNaN(d.getTime())) return { schema: ConnectTime.SCHEMA, value: d };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(t)) {
    const d = new Date(t);
    if (!Number.isNaN(d.getTime())) return { schema: ConnectTimestamp.SCHEMA, value: d };
  }
  return { schema: Schemas.STRING, value: text };
}
