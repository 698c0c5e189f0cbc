import { SchemaBuilder, defineConfig, type ConnectRecord, type RawConfig, type Schema } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { builderLike, copySchemaBasics, describeValue, isPlainObject, type PlainObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

export const flattenConfig = defineConfig({
  delimiter: {
    type: 'string',
    default: '.',
    importance: 'medium',
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record',
  },
});

const PURPOSE = 'flattening';

/** One leaf of a flattened struct: the output name and the input path that feeds it. */
interface Leaf {
  readonly name: string;
  readonly path: readonly string[];
  /** Read in place of a null (Kafka's Struct.get returns the field default). */
  readonly fallback: unknown;
}

/** Flattens nested structs (schema'd) or maps (schemaless) into one level, joining names with `delimiter`. */
export class Flatten<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #delimiter = '.';
  #plans = new WeakMap<Schema, { schema: Schema; leaves: Leaf[] }>();

  constructor(
    private readonly part: RecordPart,
    shortName = `Flatten$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return flattenConfig;
  }

  protected configureWith(configs: RawConfig): void {
    this.#delimiter = flattenConfig.parse(configs).delimiter;
    this.#plans = new WeakMap();
  }

  #name(prefix: string, name: string): string {
    return prefix === '' ? name : prefix + this.#delimiter + name;
  }

  apply(record: R): R {
    const value = this.part.value(record);
    if (value === null || value === undefined) return record;
    const schema = this.part.schema(record);
    if (schema === null) {
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem);
      const out: PlainObject = {};
      this.#flattenMap(record, value as PlainObject, '', out);
      return this.part.with(record, null, out);
    }
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    let plan = this.#plans.get(schema);
    if (plan === undefined) {
      plan = this.#plan(record, schema);
      this.#plans.set(schema, plan);
    }
    const out: PlainObject = {};
    const leaves = plan.leaves;
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i]!;
      let v: unknown = value;
      const path = leaf.path;
      for (let j = 0; j < path.length && v !== null && v !== undefined; j++) v = (v as PlainObject)[path[j]!];
      out[leaf.name] = v ?? leaf.fallback;
    }
    return this.part.with(record, plan.schema, out);
  }

  #flattenMap(record: R, map: PlainObject, prefix: string, out: PlainObject): void {
    for (const key in map) {
      const name = this.#name(prefix, key);
      const v = map[key];
      if (v === null || v === undefined) {
        out[name] = null;
      } else if (isPlainObject(v)) {
        this.#flattenMap(record, v, name, out);
      } else if (v instanceof Map) {
        this.fail(record, `Flatten transformation does not support Map instances for record without schemas (for field ${name}).`, name);
      } else if (typeof v === 'function' || typeof v === 'symbol') {
        this.fail(record, `Flatten transformation was passed a value of type ${describeValue(v)} which is not supported by Connect's data API`, name);
      } else {
        out[name] = v;
      }
    }
  }

  #plan(record: R, schema: Schema): { schema: Schema; leaves: Leaf[] } {
    if (schema.type !== 'struct') this.fail(record, `Only Struct schemas supported for [${PURPOSE}], found: ${schema.type}`);
    let b = copySchemaBasics(schema, SchemaBuilder.struct());
    const leaves: Leaf[] = [];
    const walk = (s: Schema, prefix: string, path: string[], optional: boolean, parentDefault: PlainObject | null) => {
      for (const f of s.fields!) {
        const name = this.#name(prefix, f.name);
        const fieldOptional = optional || f.schema.optional;
        const def = f.schema.defaultValue ?? (parentDefault === null ? undefined : parentDefault[f.name]);
        const fpath = [...path, f.name];
        if (f.schema.type === 'struct') {
          walk(f.schema, name, fpath, fieldOptional, isPlainObject(def) ? def : null);
        } else if (f.schema.type === 'map') {
          this.fail(record, `Flatten transformation does not support MAP for record with schemas (for field ${name}).`, name);
        } else {
          let fb = builderLike(f.schema);
          if (fieldOptional) fb = fb.optional();
          if (def !== undefined && def !== null) fb = fb.defaultValue(def);
          try {
            b = b.field(name, fb.build());
          } catch (err) {
            this.fail(record, (err as Error).message, name, err);
          }
          leaves.push({ name, path: fpath, fallback: f.schema.defaultValue ?? null });
        }
      }
    };
    walk(schema, '', [], schema.optional, isPlainObject(schema.defaultValue) ? schema.defaultValue : null);
    return { schema: b.build(), leaves };
  }
}

export const descriptors = keyValueDescriptors(
  'Flatten',
  flattenConfig,
  'Flatten nested structs or maps into one level',
  (part, shortName) => new Flatten(part, shortName),
);
