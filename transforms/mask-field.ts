import { defineConfig, nonEmptyString, nonNullOrEmpty, type ConnectRecord, type RawConfig, type Schema } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import { MaskProblem, maskSchemaless, maskWithSchema } from './support/mask-values.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { readField, type PlainObject, copyObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

export const maskFieldConfig = defineConfig({
  fields: { type: 'list', validator: nonNullOrEmpty, importance: 'high', doc: 'Names of fields to mask.' },
  replacement: {
    type: 'string',
    default: null,
    validator: nonEmptyString,
    importance: 'low',
    doc: 'Custom value replacement, that will be applied to all \'fields\' values (numeric or non-empty string values only).',
  },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'mask fields';

/** Replaces the named fields with a type-neutral value (0, false, "", epoch, empty list/map) or `replacement`. */
export class MaskField<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #fields: readonly string[] = [];
  #set = new Set<string>();
  #replacement: string | null = null;
  #replaceNull = true;

  constructor(
    private readonly part: RecordPart,
    shortName = `MaskField$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return maskFieldConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = maskFieldConfig.parse(configs);
    this.#fields = c.fields;
    this.#set = new Set(c.fields);
    this.#replacement = c.replacement;
    this.#replaceNull = c['replace.null.with.default'];
  }

  apply(record: R): R {
    const value = this.part.value(record);
    if (value === null || value === undefined) return record;
    const schema = this.part.schema(record);
    return schema === null ? this.#schemaless(record, value) : this.#withSchema(record, schema, value);
  }

  #schemaless(record: R, value: unknown): R {
    const problem = mapProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    const src = value as PlainObject;
    const out: PlainObject = copyObject(src);
    for (let i = 0; i < this.#fields.length; i++) {
      const name = this.#fields[i]!;
      try {
        out[name] = maskSchemaless(src[name], this.#replacement);
      } catch (err) {
        this.#rethrow(record, name, err);
      }
    }
    return this.part.with(record, null, out);
  }

  #withSchema(record: R, schema: Schema, value: unknown): R {
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    const src = value as PlainObject;
    const out: PlainObject = {};
    const fields = schema.fields ?? [];
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = readField(src, f, this.#replaceNull);
      if (!this.#set.has(f.name)) {
        out[f.name] = v;
        continue;
      }
      try {
        out[f.name] = maskWithSchema(f.schema, v, this.#replacement);
      } catch (err) {
        this.#rethrow(record, f.name, err);
      }
    }
    return this.part.with(record, schema, out);
  }

  #rethrow(record: R, field: string, err: unknown): never {
    if (err instanceof MaskProblem) this.fail(record, err.message, field, err);
    throw err;
  }
}

export const descriptors = keyValueDescriptors(
  'MaskField',
  maskFieldConfig,
  'Mask fields with a type-neutral value or a replacement',
  (part, shortName) => new MaskField(part, shortName),
);
