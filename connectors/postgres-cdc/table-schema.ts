/**
 * One captured table's Connect shape — key, value (`<prefix>.<schema>.<table>.Value`) and envelope schemas —
 * and the per-row conversion from a pgoutput/snapshot tuple (text values by column) to struct values.
 * Rebuilt whenever PostgreSQL re-describes the relation (after DDL), so schema changes show in the next event.
 */
import type { Schema } from '../../src/api/index.js';
import { SchemaBuilder } from '../../src/api/index.js';
import type { ColumnMappers } from './column-mappers.js';
import { mapColumnType, type ColumnMapping, type TypeMappingOptions } from './column-types.js';
import { envelopeSchema } from './debezium-schemas.js';
import { UNCHANGED_TOAST, type TupleValue } from './pgoutput-messages.js';
import type { CatalogColumn } from './table-catalog.js';
import type { TableFilter } from './table-filter.js';
import { structFactory, type StructFactory } from './struct-factory.js';
import { TupleKind, type TupleView } from './tuple-view.js';

export interface TupleColumn {
  readonly name: string;
  readonly typeOid: number;
  readonly typeMod: number;
}

interface ValueColumn {
  readonly name: string;
  readonly tupleIndex: number;
  readonly mapping: ColumnMapping;
  /** mapping.fromBytes, or null (hoisted: read per column per row). */
  readonly fromBytes: ((buf: Buffer, start: number, end: number) => unknown) | null;
  readonly optional: boolean;
  /** Stands in for a value the tuple does not carry (key-only old tuples, unchanged TOAST). */
  readonly zero: unknown;
  readonly placeholder: unknown;
  /** What SQL null becomes (null, or a column mask's asterisks). */
  readonly nullValue: unknown;
}

export interface TableSchemaContext {
  readonly topicPrefix: string;
  readonly filter: TableFilter;
  readonly typeOptions: TypeMappingOptions;
  readonly unavailablePlaceholder: string;
  /** column.mask.* / column.truncate.* rules. */
  readonly columnMappers?: ColumnMappers;
}

function zeroOf(schema: Schema): unknown {
  if (schema.optional) return null;
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'float32': case 'float64': return 0;
    case 'int64': return schema.name === 'org.apache.kafka.connect.data.Timestamp' ? new Date(0) : 0;
    case 'boolean': return false;
    case 'string': return '';
    case 'bytes': return schema.name === 'org.apache.kafka.connect.data.Decimal' ? '0' : Buffer.alloc(0);
    case 'array': return [];
    case 'map': return {};
    case 'struct': return { scale: 0, value: Buffer.from([0]) };
  }
}

function placeholderOf(schema: Schema, text: string): unknown {
  if (schema.type === 'string') return text;
  if (schema.type === 'bytes' && schema.name === undefined) return Buffer.from(text, 'utf8');
  if (schema.type === 'array' && schema.valueSchema?.type === 'string') return [text];
  return zeroOf(schema);
}

export class TableSchema {
  readonly topic: string;
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema;
  readonly envelopeSchema: Schema;
  readonly #values: readonly ValueColumn[];
  readonly #keys: readonly ValueColumn[];
  readonly #makeRow: StructFactory;
  readonly #makeKey: StructFactory;
  /** Column values of the struct being built (reused: building is synchronous). */
  readonly #scratch: unknown[];

  constructor(
    readonly schema: string,
    readonly table: string,
    tupleColumns: readonly TupleColumn[],
    catalog: readonly CatalogColumn[],
    ctx: TableSchemaContext,
  ) {
    this.topic = `${ctx.topicPrefix}.${schema}.${table}`;
    const byName = new Map(catalog.map((c) => [c.name, c]));
    const values: ValueColumn[] = [];
    const keys: { pos: number; col: ValueColumn }[] = [];
    let valueBuilder = SchemaBuilder.struct().name(`${this.topic}.Value`);
    let keyBuilder = SchemaBuilder.struct().name(`${this.topic}.Key`);
    for (let i = 0; i < tupleColumns.length; i++) {
      const tc = tupleColumns[i]!;
      const cat = byName.get(tc.name);
      const type = cat?.type ?? { oid: tc.typeOid, typeMod: tc.typeMod, typtype: 'b', elemOid: 0, elemTyptype: '', enumValues: null };
      const pkPosition = cat?.pkPosition ?? -1;
      const mapped = (optional: boolean) => {
        const m = mapColumnType(type, optional, ctx.typeOptions);
        return ctx.columnMappers === undefined ? { mapping: m, nullValue: null } : ctx.columnMappers.apply(schema, table, tc.name, type, m);
      };
      if (pkPosition >= 0) {
        const { mapping } = mapped(false);
        keys.push({ pos: i, col: { name: tc.name, tupleIndex: i, mapping, fromBytes: mapping.fromBytes ?? null, optional: mapping.schema.optional, zero: zeroOf(mapping.schema), placeholder: null, nullValue: null } });
      }
      if (pkPosition < 0 && !ctx.filter.includesColumn(schema, table, tc.name)) continue;
      const { mapping, nullValue } = mapped(!(cat?.notNull ?? false));
      const zero = zeroOf(mapping.schema);
      values.push({
        name: tc.name, tupleIndex: i, mapping, fromBytes: mapping.fromBytes ?? null, optional: mapping.schema.optional, zero,
        placeholder: placeholderOf(mapping.schema, ctx.unavailablePlaceholder), nullValue,
      });
      valueBuilder = valueBuilder.field(tc.name, mapping.schema);
    }
    for (const k of keys) keyBuilder = keyBuilder.field(k.col.name, k.col.mapping.schema);
    this.#values = values;
    this.#keys = keys.map((k) => k.col);
    this.#makeRow = structFactory(values.map((c) => c.name));
    this.#makeKey = structFactory(this.#keys.map((c) => c.name));
    this.#scratch = new Array<unknown>(Math.max(values.length, keys.length)).fill(null);
    this.valueSchema = valueBuilder.optional().build();
    this.keySchema = keys.length > 0 ? keyBuilder.build() : null;
    this.envelopeSchema = envelopeSchema(`${this.topic}.Envelope`, this.valueSchema);
  }

  get hasKey(): boolean {
    return this.keySchema !== null;
  }

  /** The key struct from any tuple that carries the key columns (new tuple, or old key/full tuple). */
  key(tuple: readonly TupleValue[]): Record<string, unknown> | null {
    if (this.keySchema === null) return null;
    const out = this.#scratch;
    const cols = this.#keys;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const v = tuple[c.tupleIndex];
      out[i] = typeof v === 'string' ? this.#read(c, v) : c.zero;
    }
    return this.#makeKey(out);
  }

  /**
   * The row struct. `partial` = a key-only old tuple, whose non-key columns are "not sent" rather than
   * SQL null. An unchanged TOAST value is taken from `previous` (a full old tuple) when there is one,
   * otherwise it becomes the unavailable-value placeholder.
   */
  row(tuple: readonly TupleValue[], partial = false, previous: readonly TupleValue[] | null = null): Record<string, unknown> {
    const out = this.#scratch;
    const cols = this.#values;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      let v = tuple[c.tupleIndex];
      if (v === UNCHANGED_TOAST && previous !== null) v = previous[c.tupleIndex];
      if (typeof v === 'string') out[i] = this.#read(c, v);
      else if (v === UNCHANGED_TOAST) out[i] = c.placeholder;
      else out[i] = partial || !c.optional ? c.zero : c.nullValue;
    }
    return this.#makeRow(out);
  }

  /** `key` for a tuple read in place (the replication stream). */
  keyOf(tuple: TupleView): Record<string, unknown> | null {
    if (this.keySchema === null) return null;
    const out = this.#scratch;
    const cols = this.#keys;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const k = tuple.kind(c.tupleIndex);
      out[i] = k === TupleKind.text || k === TupleKind.binary ? this.#readAt(c, tuple, c.tupleIndex) : c.zero;
    }
    return this.#makeKey(out);
  }

  /** `row` for tuples read in place (the replication stream): the same values, column for column. */
  rowOf(tuple: TupleView, partial = false, previous: TupleView | null = null): Record<string, unknown> {
    const out = this.#scratch;
    const cols = this.#values;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const at = c.tupleIndex;
      let from = tuple;
      let k = tuple.kind(at);
      if (k === TupleKind.unchangedToast && previous !== null) {
        from = previous;
        k = previous.kind(at);
      }
      if (k === TupleKind.text || k === TupleKind.binary) out[i] = this.#readAt(c, from, at);
      else if (k === TupleKind.unchangedToast) out[i] = c.placeholder;
      else out[i] = partial || !c.optional ? c.zero : c.nullValue;
    }
    return this.#makeRow(out);
  }

  #readAt(c: ValueColumn, tuple: TupleView, at: number): unknown {
    try {
      if (c.fromBytes !== null && tuple.kinds[at] === TupleKind.text) return c.fromBytes(tuple.buf, tuple.starts[at]!, tuple.ends[at]!);
      return c.mapping.fromText(tuple.text(at));
    } catch (err) {
      throw this.#readError(c, tuple.text(at), err);
    }
  }

  #read(c: ValueColumn, text: string): unknown {
    try {
      return c.mapping.fromText(text);
    } catch (err) {
      throw this.#readError(c, text, err);
    }
  }

  #readError(c: ValueColumn, text: string, err: unknown): Error {
    return new Error(`${this.schema}.${this.table}.${c.name}: cannot read ${JSON.stringify(text.slice(0, 80))}: ${(err as Error).message}`, { cause: err });
  }
}
