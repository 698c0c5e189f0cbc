/**
 * Debezium's column masking and truncation, configured by keys that carry their parameter in the name:
 *
 * - `column.truncate.to.<N>.chars` — character columns longer than N are cut to N characters (schema
 *   parameter `truncateLength`; only where the declared length is unknown or above N);
 * - `column.mask.with.<N>.chars` — character column values (null included, as Debezium) become N `*`;
 * - `column.mask.hash.<algorithm>.with.salt.<salt>` — character column values become the lowercase hex of
 *   hash(salt bytes ‖ the value's Java serialization), Debezium's default (V1) rule; the `v2` form
 *   `column.mask.hash.v2.<algorithm>.with.salt.<salt>` hashes the value's UTF-8 bytes instead. The hex is cut
 *   to the column's declared length when it has one. Masked fields carry the schema parameter `masked=true`.
 *
 * Each value is a comma list of anchored, case-insensitive regexes over `<schema>.<table>.<column>`. When
 * several rules match a column, the first in Debezium's order wins: truncate, mask, hash v2, hash.
 * "Character columns" are char, varchar, text, bpchar and name (Debezium: the JDBC character types).
 */
import { createHash } from 'node:crypto';
import { SchemaBuilder, type ConfigValue, type RawConfig } from '../../src/api/index.js';
import { PgOid, type ColumnMapping, type PgTypeInfo } from './column-types.js';

type Rule =
  | { readonly kind: 'truncate'; readonly key: string; readonly patterns: readonly RegExp[]; readonly length: number }
  | { readonly kind: 'mask'; readonly key: string; readonly patterns: readonly RegExp[]; readonly mask: string }
  | { readonly kind: 'hash'; readonly key: string; readonly patterns: readonly RegExp[]; readonly algorithm: string; readonly salt: Buffer; readonly v2: boolean };

/** Java MessageDigest names (matched case-insensitively, as Java does) → Node's. */
const ALGORITHMS: Readonly<Record<string, string>> = {
  'md5': 'md5', 'sha': 'sha1', 'sha1': 'sha1', 'sha-1': 'sha1', 'sha-224': 'sha224', 'sha-256': 'sha256', 'sha-384': 'sha384',
  'sha-512': 'sha512', 'sha-512/224': 'sha512-224', 'sha-512/256': 'sha512-256', 'sha3-224': 'sha3-224', 'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384', 'sha3-512': 'sha3-512',
};

const TRUNCATE = /^column\.truncate\.to\.([^.]*)\.chars$/;
const MASK = /^column\.mask\.with\.([^.]*)\.chars$/;
const HASH_V2 = /^column\.mask\.hash\.v2\.([^.]+)\.with\.salt\.(.+)$/;
const HASH = /^column\.mask\.hash\.([^.]+)\.with\.salt\.(.+)$/;
const ORDER: Readonly<Record<string, number>> = { truncate: 0, mask: 1, hashv2: 2, hash: 3 };

const CHARACTER_TYPES: ReadonlySet<number> = new Set([PgOid.char, PgOid.name, PgOid.text, PgOid.bpchar, PgOid.varchar]);

/** Whether `name` is one of the pattern-named keys this file handles (handled or malformed). */
export function isColumnMapperKey(name: string): boolean {
  return name.startsWith('column.truncate.') || name.startsWith('column.mask.');
}

function patternList(key: string, value: unknown, errors: string[]): RegExp[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : null;
  if (items === null) {
    errors.push(`Invalid value for configuration ${key}: expected a comma-separated list of regular expressions over <schema>.<table>.<column>`);
    return [];
  }
  const out: RegExp[] = [];
  for (const raw of items) {
    const p = raw.trim();
    if (p === '') continue;
    try {
      out.push(new RegExp(`^(?:${p})$`, 'i'));
    } catch (err) {
      errors.push(`Invalid value ${p} for configuration ${key}: not a regular expression (${(err as Error).message})`);
    }
  }
  return out;
}

function count(key: string, text: string, min: number, errors: string[]): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    errors.push(`Invalid configuration ${key}: the length in the key name must be an integer >= ${min}, e.g. ${key.replace(`.${text}.`, `.${Math.max(min, 10)}.`)}`);
    return -1;
  }
  return Number(text);
}

function parseRule(key: string, value: unknown, errors: string[]): (Rule & { order: number }) | null {
  let m: RegExpExecArray | null;
  if ((m = TRUNCATE.exec(key)) !== null) {
    const length = count(key, m[1]!, 1, errors);
    const patterns = patternList(key, value, errors);
    return length < 0 ? null : { kind: 'truncate', key, patterns, length, order: ORDER.truncate! };
  }
  if ((m = MASK.exec(key)) !== null) {
    const length = count(key, m[1]!, 0, errors);
    const patterns = patternList(key, value, errors);
    return length < 0 ? null : { kind: 'mask', key, patterns, mask: '*'.repeat(length), order: ORDER.mask! };
  }
  const v2 = HASH_V2.exec(key);
  if ((m = v2 ?? HASH.exec(key)) !== null) {
    const algorithm = ALGORITHMS[m[1]!.toLowerCase()];
    const patterns = patternList(key, value, errors);
    if (algorithm === undefined) {
      errors.push(`Invalid configuration ${key}: unknown hash algorithm ${m[1]}; use one of ${Object.keys(ALGORITHMS).map((a) => a.toUpperCase()).join(', ')}`);
      return null;
    }
    return { kind: 'hash', key, patterns, algorithm, salt: Buffer.from(m[2]!, 'utf8'), v2: v2 !== null, order: v2 !== null ? ORDER.hashv2! : ORDER.hash! };
  }
  errors.push(`Unknown configuration ${key}: column masking keys are column.truncate.to.<N>.chars, column.mask.with.<N>.chars, column.mask.hash.<algorithm>.with.salt.<salt> and column.mask.hash.v2.<algorithm>.with.salt.<salt>`);
  return null;
}

/** One ConfigValue per pattern-named key in `raw`, with its errors (for the connector's validate()). */
export function validateColumnMappers(raw: RawConfig): ConfigValue[] {
  const out: ConfigValue[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!isColumnMapperKey(key)) continue;
    const errors: string[] = [];
    parseRule(key, value, errors);
    out.push({ name: key, value, recommendedValues: [], errors, visible: true });
  }
  return out;
}

/** Java's modified UTF-8 (what DataOutput.writeUTF writes): NUL as C0 80, surrogates one by one. */
function modifiedUtf8(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x01 && c <= 0x7f) bytes.push(c);
    else if (c <= 0x7ff) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Buffer.from(bytes);
}

/** The bytes `new ObjectOutputStream(bos).writeObject(aString)` leaves in `bos` (Debezium's V1 hash input). */
export function javaSerializedString(s: string): Buffer {
  const utf = modifiedUtf8(s);
  if (utf.length <= 0xffff) {
    const head = Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, utf.length >> 8, utf.length & 0xff]);
    return Buffer.concat([head, utf]);
  }
  const head = Buffer.alloc(13);
  head.set([0xac, 0xed, 0x00, 0x05, 0x7c]);
  head.writeBigUInt64BE(BigInt(utf.length), 5);
  return Buffer.concat([head, utf]);
}

export function hashMask(value: string, algorithm: string, salt: Buffer, v2: boolean): string {
  return createHash(algorithm).update(salt).update(v2 ? Buffer.from(value, 'utf8') : javaSerializedString(value)).digest('hex');
}

/** The declared length of char(n)/varchar(n), or -1 when the type has none. */
function declaredLength(type: PgTypeInfo): number {
  return (type.oid === PgOid.varchar || type.oid === PgOid.bpchar) && type.typeMod >= 4 ? type.typeMod - 4 : -1;
}

/** A column's mapping with a rule applied, and what stands in for SQL null (the mask, for mask rules). */
export interface MappedColumn {
  readonly mapping: ColumnMapping;
  readonly nullValue: unknown;
}

export class ColumnMappers {
  readonly #rules: readonly Rule[];

  /** Throws nothing: malformed keys are ignored here (validate() and parse reject them first). */
  constructor(raw: RawConfig) {
    const rules: (Rule & { order: number })[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (!isColumnMapperKey(key)) continue;
      const rule = parseRule(key, value, []);
      if (rule !== null) rules.push(rule);
    }
    rules.sort((a, b) => a.order - b.order);
    this.#rules = rules;
  }

  /** Per-key errors of the pattern-named keys in `raw` (empty when all are valid). */
  static errors(raw: RawConfig): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const v of validateColumnMappers(raw)) if (v.errors.length > 0) out[v.name] = v.errors;
    return out;
  }

  get empty(): boolean {
    return this.#rules.length === 0;
  }

  /** The mapping of `schema.table.column` with the first matching rule applied (unchanged when none applies). */
  apply(schema: string, table: string, column: string, type: PgTypeInfo, mapping: ColumnMapping): MappedColumn {
    const plain: MappedColumn = { mapping, nullValue: null };
    if (this.#rules.length === 0 || !CHARACTER_TYPES.has(type.oid) || mapping.schema.type !== 'string') return plain;
    const id = `${schema}.${table}.${column}`;
    const rule = this.#rules.find((r) => r.patterns.some((re) => re.test(id)));
    if (rule === undefined) return plain;
    const read = mapping.fromText;
    const length = declaredLength(type);
    switch (rule.kind) {
      case 'truncate': {
        if (length >= 0 && length <= rule.length) return plain;
        const max = rule.length;
        const schemaOut = SchemaBuilder.from(mapping.schema).parameter('truncateLength', String(max)).build();
        return { mapping: { schema: schemaOut, fromText: (t) => { const v = read(t); return typeof v === 'string' && v.length > max ? v.slice(0, max) : v; } }, nullValue: null };
      }
      case 'mask': {
        const mask = rule.mask;
        return { mapping: { schema: SchemaBuilder.from(mapping.schema).parameter('masked', 'true').build(), fromText: () => mask }, nullValue: mask };
      }
      case 'hash': {
        const { algorithm, salt, v2 } = rule;
        const schemaOut = SchemaBuilder.from(mapping.schema).parameter('masked', 'true').build();
        return {
          mapping: {
            schema: schemaOut,
            fromText: (t) => {
              const hex = hashMask(String(read(t)), algorithm, salt, v2);
              return length > 0 ? hex.slice(0, length) : hex;
            },
          },
          nullValue: null,
        };
      }
    }
  }
}
