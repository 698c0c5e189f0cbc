import {
  ConfigError,
  Schemas,
  SchemaBuilder,
  defineConfig,
  fieldOf,
  newRecord,
  oneOf,
  type ConnectRecord,
  type PluginDescriptor,
  type RawConfig,
  type Schema,
  type Transformation,
} from '../src/api/index.js';
import { EnvelopeFieldRef } from './support/envelope-field-ref.js';
import { copySchemaBasics, isPlainObject, type PlainObject, copyObject } from './support/struct-values.js';
import { TRANSFORMS_VERSION, TransformBase } from './support/transform-base.js';

export const extractNewRecordStateConfig = defineConfig({
  'delete.tombstone.handling.mode': {
    type: 'string',
    default: null,
    validator: oneOf('drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone', 'delete-to-tombstone'),
    importance: 'medium',
    doc: 'How to handle delete events and tombstones: drop (drop both), tombstone (delete → record with a null value; tombstones dropped; the default), rewrite (delete → the before image with __deleted=true; tombstones dropped), rewrite-with-tombstone (as rewrite, tombstones kept), delete-to-tombstone (delete → tombstone with null schema; tombstones dropped).',
  },
  'drop.tombstones': {
    type: 'boolean',
    default: true,
    importance: 'low',
    doc: 'Deprecated (removed in Debezium 3.2), use delete.tombstone.handling.mode. Used only when that key is not set and this or delete.handling.mode is.',
  },
  'delete.handling.mode': {
    type: 'string',
    default: 'drop',
    validator: oneOf('none', 'drop', 'rewrite'),
    importance: 'low',
    doc: 'Deprecated (removed in Debezium 3.2), use delete.tombstone.handling.mode. none keeps deletes (null value), drop drops them, rewrite adds __deleted.',
  },
  'add.fields': {
    type: 'string',
    default: '',
    importance: 'low',
    doc: 'Comma-separated envelope or source fields to add to the value (op, ts_ms, table, source.ts_ms, transaction.id…); rename with field:NEW.',
  },
  'add.fields.prefix': { type: 'string', default: '__', importance: 'low', doc: 'Prefix for the names of added fields.' },
  'add.headers': {
    type: 'string',
    default: '',
    importance: 'low',
    doc: 'Comma-separated envelope or source fields to add as headers, same syntax as add.fields.',
  },
  'add.headers.prefix': { type: 'string', default: '__', importance: 'low', doc: 'Prefix for the names of added headers.' },
  'route.by.field': {
    type: 'string',
    default: '',
    importance: 'low',
    doc: 'Route to the topic named by this field of the after image (the before image for deletes).',
  },
  'drop.fields.header.name': {
    type: 'string',
    default: null,
    importance: 'low',
    doc: 'Not supported by Tributary (configuring it is an error).',
  },
  'replace.null.with.default': {
    type: 'boolean',
    default: true,
    importance: 'low',
    doc: 'Accepted for compatibility; the after/before images are passed on as they are.',
  },
});

type Mode = 'drop' | 'tombstone' | 'rewrite' | 'rewrite-with-tombstone' | 'delete-to-tombstone';

/** Resolved strategy: what happens to deletes and to Debezium's own tombstones. */
interface Strategy {
  readonly deletes: 'drop' | 'null-value' | 'rewrite' | 'tombstone';
  readonly keepTombstones: boolean;
  readonly rewrite: boolean;
}

function strategyOf(mode: Mode): Strategy {
  switch (mode) {
    case 'drop':
      return { deletes: 'drop', keepTombstones: false, rewrite: false };
    case 'tombstone':
      return { deletes: 'null-value', keepTombstones: false, rewrite: false };
    case 'rewrite':
      return { deletes: 'rewrite', keepTombstones: false, rewrite: true };
    case 'rewrite-with-tombstone':
      return { deletes: 'rewrite', keepTombstones: true, rewrite: true };
    case 'delete-to-tombstone':
      return { deletes: 'tombstone', keepTombstones: false, rewrite: false };
  }
}

const DELETED = '__deleted';

/** Per envelope schema: the output schemas for after-images and before-images (deletes in rewrite mode). */
interface Plan {
  readonly after: Schema | null;
  readonly afterOut: Schema | null;
  readonly beforeOut: Schema | null;
  readonly fieldSchemas: readonly (Schema | undefined)[];
  readonly headerSchemas: readonly (Schema | undefined)[];
}

/**
 * Debezium's unwrap: replaces a change-event envelope (`before`, `after`, `source`, `op`, …) with the row
 * image, handling deletes and tombstones per `delete.tombstone.handling.mode`. Records that are not
 * envelopes (heartbeats, schema changes, …) pass through unchanged. Besides schema'd envelopes (value
 * schema named `….Envelope`), schemaless envelopes (an object with `op` and `after`/`before`) are unwrapped too.
 */
export class ExtractNewRecordState<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #strategy: Strategy = strategyOf('tombstone');
  #fields: EnvelopeFieldRef[] = [];
  #headers: EnvelopeFieldRef[] = [];
  #routeBy = '';
  #plans = new WeakMap<Schema, Plan>();

  constructor(shortName = 'ExtractNewRecordState') {
    super(shortName);
  }

  config() {
    return extractNewRecordStateConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = extractNewRecordStateConfig.parse(configs);
    if (c['drop.fields.header.name'] !== null) {
      const msg = 'drop.fields.header.name is not supported by Tributary';
      throw new ConfigError(msg, { 'drop.fields.header.name': [msg] });
    }
    const given = (k: string) => configs[k] !== undefined && configs[k] !== null && configs[k] !== '';
    const mode = c['delete.tombstone.handling.mode'];
    if (mode !== null) {
      this.#strategy = strategyOf(mode);
    } else if (given('drop.tombstones') || given('delete.handling.mode')) {
      // The pre-3.2 pair, as Debezium's LegacyDeleteHandlingStrategy read it.
      const legacy = c['delete.handling.mode'];
      this.#strategy = {
        deletes: legacy === 'drop' ? 'drop' : legacy === 'rewrite' ? 'rewrite' : 'null-value',
        keepTombstones: !c['drop.tombstones'],
        rewrite: legacy === 'rewrite',
      };
    } else {
      this.#strategy = strategyOf('tombstone');
    }
    try {
      this.#fields = EnvelopeFieldRef.list(c['add.fields.prefix'], c['add.fields']);
      this.#headers = EnvelopeFieldRef.list(c['add.headers.prefix'], c['add.headers']);
    } catch (err) {
      throw new ConfigError((err as Error).message, { 'add.fields': [(err as Error).message] });
    }
    this.#routeBy = c['route.by.field'];
    this.#plans = new WeakMap();
  }

  apply(record: R): R | null {
    const value = record.value;
    if (value === null || value === undefined) return this.#tombstone(record);
    const schema = record.valueSchema;
    if (schema === null) {
      if (!isPlainObject(value) || typeof value.op !== 'string' || !('after' in value || 'before' in value)) return record;
      return this.#unwrap(record, value, undefined);
    }
    if (schema.type !== 'struct' || !(schema.name ?? '').endsWith('.Envelope') || !isPlainObject(value)) return record;
    let plan = this.#plans.get(schema);
    if (plan === undefined) {
      plan = this.#plan(record, schema);
      this.#plans.set(schema, plan);
    }
    return this.#unwrap(record, value, plan);
  }

  #tombstone(record: R): R | null {
    if (!this.#strategy.keepTombstones) return null;
    const op = this.#headers.find((h) => h.field === 'op');
    if (op === undefined) return record;
    const headers = record.headers.duplicate().addString(op.newName, 'd');
    return newRecord(record, { headers });
  }

  #unwrap(record: R, envelope: PlainObject, plan: Plan | undefined): R | null {
    const op = envelope.op;
    if (op === 't') return null; // truncate events carry no row
    const isDelete = op === 'd';
    let headers = record.headers;
    if (this.#headers.length > 0) {
      const h = record.headers.duplicate();
      for (let i = 0; i < this.#headers.length; i++) {
        const ref = this.#headers[i]!;
        const hs = plan === undefined ? null : plan.headerSchemas[i];
        if (hs === undefined) continue;
        h.add(ref.newName, ref.valueIn(envelope), hs);
      }
      headers = h;
    }
    let outSchema: Schema | null;
    let outValue: unknown;
    let image: unknown;
    const s = this.#strategy;
    if (isDelete) {
      if (s.deletes === 'drop') return null;
      image = envelope.before ?? null;
      if (s.deletes === 'tombstone') {
        outSchema = null;
        outValue = null;
      } else if (s.deletes === 'null-value') {
        outSchema = plan?.after ?? null;
        outValue = null;
      } else {
        outSchema = plan?.beforeOut ?? null;
        outValue = this.#image(envelope, image, 'true', plan);
      }
    } else {
      image = envelope.after ?? null;
      outSchema = plan?.afterOut ?? null;
      outValue = this.#image(envelope, image, s.rewrite ? 'false' : null, plan);
    }
    const changes: { topic?: string; valueSchema: Schema | null; value: unknown; headers: typeof headers } = {
      valueSchema: outSchema,
      value: outValue,
      headers,
    };
    if (this.#routeBy !== '' && isPlainObject(image)) {
      const t = image[this.#routeBy];
      if (typeof t === 'string' && t.trim() !== '') changes.topic = t;
    }
    return newRecord(record, changes);
  }

  /** The row image plus `__deleted` (rewrite modes) and the add.fields, or null for a null image. */
  #image(envelope: PlainObject, image: unknown, deleted: string | null, plan: Plan | undefined): unknown {
    if (!isPlainObject(image)) return image ?? null;
    if (deleted === null && this.#fields.length === 0) return image;
    const out: PlainObject = copyObject(image);
    if (deleted !== null) out[DELETED] = deleted;
    for (let i = 0; i < this.#fields.length; i++) {
      if (plan !== undefined && plan.fieldSchemas[i] === undefined) continue;
      const ref = this.#fields[i]!;
      out[ref.newName] = ref.valueIn(envelope);
    }
    return out;
  }

  #plan(record: R, schema: Schema): Plan {
    const after = fieldOf(schema, 'after')?.schema ?? null;
    const before = fieldOf(schema, 'before')?.schema ?? null;
    const fieldSchemas = this.#fields.map((f) => f.schemaIn(schema));
    const headerSchemas = this.#headers.map((f) => f.schemaIn(schema));
    const widen = (image: Schema | null, deleted: boolean): Schema | null => {
      if (image === null || image.type !== 'struct') return image;
      if (!deleted && this.#fields.length === 0) return image;
      let b = copySchemaBasics(image, SchemaBuilder.struct());
      for (const f of image.fields!) b = b.field(f.name, f.schema);
      try {
        if (deleted) b = b.field(DELETED, Schemas.OPTIONAL_STRING);
        this.#fields.forEach((ref, i) => {
          const fs = fieldSchemas[i];
          if (fs !== undefined) b = b.field(ref.newName, fs);
        });
      } catch (err) {
        this.fail(record, (err as Error).message, null, err);
      }
      return b.build();
    };
    return {
      after,
      afterOut: widen(after, this.#strategy.rewrite),
      beforeOut: widen(before, true),
      fieldSchemas,
      headerSchemas,
    };
  }
}

export const descriptor: PluginDescriptor<Transformation> = {
  kind: 'transformation',
  className: 'io.debezium.transforms.ExtractNewRecordState',
  aliases: ['ExtractNewRecordState'],
  version: TRANSFORMS_VERSION,
  configDef: extractNewRecordStateConfig,
  description: "Debezium's unwrap: replace a change-event envelope with the row image",
  create: () => new ExtractNewRecordState(),
};
