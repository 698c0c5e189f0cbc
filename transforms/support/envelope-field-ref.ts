import { fieldOf, type Schema } from '../../src/api/index.js';
import { builderLike, isPlainObject, type PlainObject } from './struct-values.js';

/**
 * One entry of Debezium's `add.fields` / `add.headers`: `op`, `ts_ms`, `table`, `source.ts_ms`,
 * `transaction.id`, optionally renamed with `:NEW`. Unqualified names live in the envelope (`op`, `ts_ms`),
 * in `transaction` (`id`, `total_order`, `data_collection_order`) or else in `source`.
 */
export class EnvelopeFieldRef {
  readonly struct: string | null;
  readonly field: string;
  readonly newName: string;

  constructor(prefix: string, spec: string) {
    const parts = spec.split(':');
    if (parts.length > 2) throw new Error(`Unexpected field name: ${spec}`);
    const splits = parts[0]!.split('.');
    this.field = splits.length === 1 ? splits[0]! : splits[1]!;
    this.struct = splits.length === 1 ? hostOf(this.field) : splits[0]!;
    this.newName = prefix + (parts.length === 2 ? parts[1]! : splits.length === 1 ? this.field : `${this.struct}_${this.field}`);
  }

  static list(prefix: string, config: string): EnvelopeFieldRef[] {
    if (config === '') return [];
    return config.split(',').map((s) => new EnvelopeFieldRef(prefix, s.trim()));
  }

  /** The field's schema, made optional; undefined when neither the host struct nor the envelope has it. */
  schemaIn(envelope: Schema): Schema | undefined {
    const host = this.struct === null ? envelope : fieldOf(envelope, this.struct)?.schema;
    const f = (host !== undefined && host.type === 'struct' ? fieldOf(host, this.field) : undefined) ?? fieldOf(envelope, this.field);
    if (f === undefined) return undefined;
    let b = builderLike(f.schema).optional();
    if (f.schema.fields !== undefined) for (const sf of f.schema.fields) b = b.field(sf.name, sf.schema);
    return b.build();
  }

  valueIn(envelope: PlainObject): unknown {
    const host = this.struct === null ? envelope : envelope[this.struct];
    if (!isPlainObject(host)) return null;
    if (Object.hasOwn(host, this.field)) return host[this.field] ?? null;
    return envelope[this.field] ?? null;
  }
}

function hostOf(field: string): string | null {
  switch (field) {
    case 'id':
    case 'total_order':
    case 'data_collection_order':
      return 'transaction';
    case 'op':
    case 'ts_ms':
    case 'ts_us':
    case 'ts_ns':
      return null;
    default:
      return 'source';
  }
}
