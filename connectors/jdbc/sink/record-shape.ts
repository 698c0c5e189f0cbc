/**
 * Which columns a sink record writes (Confluent's FieldsMetadata): key columns from `pk.mode`/`pk.fields`,
 * value columns from the value struct (filtered by `fields.whitelist`), nested data as jsonb or flattened
 * `parent_child` columns. Built once per (key schema, value schema) pair and cached.
 */
import { DataError, SchemaBuilder, Schemas, type Schema, type SinkRecord } from '../../../src/api/index.js';
import { isNativeColumnSchema } from '../dialect/pg-text-writer.js';

export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';
export type NestedMode = 'jsonb' | 'flatten';

export interface ShapeColumn {
  readonly name: string;
  /** null for a schemaless value field (its type comes from the existing column). */
  readonly schema: Schema | null;
  /** The column holds nested data as JSON. */
  readonly json: boolean;
  readonly get: (record: SinkRecord) => unknown;
  /** The top-level field the column comes from (what `fields.whitelist` names). */
  readonly root?: string;
}

export interface RecordShape {
  /** Identifies the column layout: records with equal signatures go into one statement. */
  readonly signature: string;
  readonly keyColumns: readonly ShapeColumn[];
  readonly valueColumns: readonly ShapeColumn[];
  readonly schemaless: boolean;
}

export interface ShapeOptions {
  readonly pkMode: PkMode;
  readonly pkFields: readonly string[];
  readonly fieldsWhitelist: readonly string[];
  readonly nestedMode: NestedMode;
}

const KAFKA_PK_DEFAULTS = ['__connect_topic', '__connect_partition', '__connect_offset'];

type Getter = (record: SinkRecord) => unknown;
const VALUE: Getter = (r) => r.value;
const KEY: Getter = (r) => r.key;

function optionalOf(schema: Schema): Schema {
  return schema.optional ? schema : SchemaBuilder.from(schema).optional().build();
}

function shapeError(message: string): DataError {
  return new DataError(message, { code: 'TRIB_JDBC_SHAPE' });
}

export class ShapeResolver {
  readonly #o: ShapeOptions;
  readonly #bySchemas = new WeakMap<Schema, Map<Schema | null, RecordShape>>();
  readonly #deletes = new WeakMap<Schema, RecordShape>();
  readonly #schemaless = new Map<string, RecordShape>();
  #kafkaDeleteShape: RecordShape | null = null;

  constructor(options: ShapeOptions) {
    this.#o = options;
  }

  /** The shape of a record with a value (insert/upsert/update). */
  shapeOf(record: SinkRecord): RecordShape {
    const vs = record.valueSchema;
    if (vs === null) return this.#schemalessShape(record);
    let byKey = this.#bySchemas.get(vs);
    if (byKey === undefined) this.#bySchemas.set(vs, (byKey = new Map()));
    let shape = byKey.get(record.keySchema);
    if (shape === undefined) {
      shape = this.#build(record.keySchema, vs, record.key);
      byKey.set(record.keySchema, shape);
    }
    return shape;
  }

  /** The shape of a tombstone: key columns only (requires pk.mode=record_key). */
  deleteShapeOf(record: SinkRecord): RecordShape {
    const ks = record.keySchema;
    if (ks === null) {
      if (this.#kafkaDeleteShape === null) this.#kafkaDeleteShape = this.#finish(this.#keyColumns(null, record.key), []);
      return this.#kafkaDeleteShape;
    }
    let shape = this.#deletes.get(ks);
    if (shape === undefined) {
      shape = this.#finish(this.#keyColumns(ks, record.key), []);
      this.#deletes.set(ks, shape);
    }
    return shape;
  }

  #build(keySchema: Schema | null, valueSchema: Schema, key: unknown): RecordShape {
    if (valueSchema.type !== 'struct') {
      throw shapeError(`the record value must be a struct (got ${valueSchema.type}); use a converter with schemas or an SMT to wrap it`);
    }
    const all = this.#columnsOf(valueSchema, '', VALUE);
    const { pkMode, pkFields, fieldsWhitelist } = this.#o;
    let keyColumns: ShapeColumn[];
    let values = all;
    if (pkMode === 'record_value') {
      const names = pkFields.length === 0 ? all.map((c) => c.name) : pkFields;
      keyColumns = names.map((n) => {
        const c = all.find((x) => x.name === n);
        if (c === undefined) throw shapeError(`pk.fields names '${n}', which the value struct does not have`);
        return c;
      });
      values = all.filter((c) => !names.includes(c.name));
    } else {
      keyColumns = this.#keyColumns(keySchema, key);
    }
    if (fieldsWhitelist.length > 0) values = values.filter((c) => fieldsWhitelist.includes(c.root ?? c.name));
    const keyNames = new Set(keyColumns.map((c) => c.name));
    return this.#finish(keyColumns, values.filter((c) => !keyNames.has(c.name)));
  }

  #keyColumns(keySchema: Schema | null, key: unknown): ShapeColumn[] {
    const { pkMode, pkFields } = this.#o;
    switch (pkMode) {
      case 'none':
        return [];
      case 'kafka': {
        const names = pkFields.length === 0 ? KAFKA_PK_DEFAULTS : pkFields;
        if (names.length !== 3) throw shapeError(`pk.mode=kafka needs 3 pk.fields (topic, partition, offset), got ${names.length}`);
        return [
          { name: names[0]!, schema: Schemas.STRING, json: false, get: (r) => r.topic },
          { name: names[1]!, schema: Schemas.INT32, json: false, get: (r) => r.kafkaPartition },
          { name: names[2]!, schema: Schemas.INT64, json: false, get: (r) => r.kafkaOffset },
        ];
      }
      case 'record_key': {
        if (keySchema === null) {
          if (key === null || key === undefined) throw shapeError('pk.mode=record_key but the record has no key');
          throw shapeError('pk.mode=record_key needs a key schema (use a converter with schemas, or pk.mode=record_value)');
        }
        if (keySchema.type !== 'struct') {
          if (pkFields.length !== 1) {
            throw shapeError(`the key is a primitive ${keySchema.type}: pk.fields must name exactly one column for it (got ${pkFields.length})`);
          }
          return [{ name: pkFields[0]!, schema: keySchema, json: !isNativeColumnSchema(keySchema), get: (r) => r.key }];
        }
        const all = this.#columnsOf(keySchema, '', KEY);
        if (pkFields.length === 0) return all;
        return pkFields.map((n) => {
          const c = all.find((x) => x.name === n);
          if (c === undefined) throw shapeError(`pk.fields names '${n}', which the key struct does not have`);
          return c;
        });
      }
      case 'record_value':
        throw shapeError('pk.mode=record_value cannot delete: a tombstone has no value; use pk.mode=record_key with delete.enabled');
    }
  }

  /** Columns of a struct, flattened or as jsonb per nested.mode. */
  #columnsOf(schema: Schema, prefix: string, parent: Getter, parentOptional = false, root?: string): ShapeColumn[] {
    const out: ShapeColumn[] = [];
    for (const f of schema.fields ?? []) {
      const name = prefix + f.name;
      const top = root ?? f.name;
      const field = f.name;
      // Top-level fields read the record directly: one call per column on the hot path, not two.
      const get: Getter = parent === VALUE
        ? (r) => { const p = r.value as Record<string, unknown> | null; return p === null ? null : p[field]; }
        : parent === KEY
          ? (r) => { const p = r.key as Record<string, unknown> | null; return p === null ? null : p[field]; }
          : (r) => { const p = parent(r) as Record<string, unknown> | null | undefined; return p === null || p === undefined ? null : p[field]; };
      const optional = parentOptional || f.schema.optional;
      if (f.schema.type === 'struct' && this.#o.nestedMode === 'flatten') {
        out.push(...this.#columnsOf(f.schema, `${name}_`, get, optional, top));
      } else {
        const s = optional ? optionalOf(f.schema) : f.schema;
        out.push({ name, schema: s, json: !isNativeColumnSchema(f.schema), get, root: top });
      }
    }
    return out;
  }

  #schemalessShape(record: SinkRecord): RecordShape {
    const v = record.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
      throw shapeError('a schemaless record value must be a JSON object (its keys name the columns)');
    }
    const names = v instanceof Map ? [...v.keys()].map(String) : Object.keys(v);
    const signature = names.join('\u0000');
    let shape = this.#schemaless.get(signature);
    if (shape === undefined) {
      const get = (n: string): Getter => (r) => {
        const o = r.value as Record<string, unknown> | Map<string, unknown>;
        return o instanceof Map ? o.get(n) : o[n];
      };
      const all: ShapeColumn[] = names.map((n) => ({ name: n, schema: null, json: false, get: get(n) }));
      const { pkMode, pkFields, fieldsWhitelist } = this.#o;
      let keyColumns: ShapeColumn[];
      let values = all;
      if (pkMode === 'record_value') {
        const keyNames = pkFields.length === 0 ? names : pkFields;
        keyColumns = keyNames.map((n) => all.find((c) => c.name === n) ?? { name: n, schema: null, json: false, get: get(n) });
        values = all.filter((c) => !keyNames.includes(c.name));
      } else {
        keyColumns = this.#keyColumns(record.keySchema, record.key);
      }
      if (fieldsWhitelist.length > 0) values = values.filter((c) => fieldsWhitelist.includes(c.name));
      const keySet = new Set(keyColumns.map((c) => c.name));
      shape = this.#finish(keyColumns, values.filter((c) => !keySet.has(c.name)), true);
      this.#schemaless.set(signature, shape);
    }
    return shape;
  }

  #finish(keyColumns: ShapeColumn[], valueColumns: ShapeColumn[], schemaless = false): RecordShape {
    const names = [...keyColumns, ...valueColumns].map((c) => c.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw shapeError(`column '${dup}' appears twice (check pk.fields and nested.mode=flatten names)`);
    const signature = `${keyColumns.map((c) => c.name).join('\u0000')}\u0001${valueColumns.map((c) => `${c.name}${c.json ? '\u0002' : ''}`).join('\u0000')}${schemaless ? '\u0003' : ''}`;
    return { signature, keyColumns, valueColumns, schemaless };
  }
}
