import { defineConfig, oneOf, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import { fieldAtPath, mapValueAtPath, parseFieldPath, structValueAtPath, type FieldSyntaxVersion } from './support/field-path.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import type { PlainObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

export const extractFieldConfig = defineConfig({
  field: {
    type: 'string',
    importance: 'medium',
    doc: 'Field name to extract. With field.syntax.version=V2, a dotted path into nested structs/maps; wrap a name that contains dots in backticks.',
  },
  'field.syntax.version': {
    type: 'string',
    default: 'V1',
    validator: oneOf('V1', 'V2'),
    importance: 'high',
    doc: 'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots.',
  },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'field extraction';

/** Replaces the key or value with one of its fields (nested with `field.syntax.version=V2`). */
export class ExtractField<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #path = '';
  #steps: readonly string[] = [];
  #replaceNull = true;

  constructor(
    private readonly part: RecordPart,
    shortName = `ExtractField$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return extractFieldConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = extractFieldConfig.parse(configs);
    this.#path = c.field;
    this.#steps = parseFieldPath(c.field, c['field.syntax.version'] as FieldSyntaxVersion);
    this.#replaceNull = c['replace.null.with.default'];
  }

  apply(record: R): R {
    const value = this.part.value(record);
    const schema = this.part.schema(record);
    const isNull = value === null || value === undefined;
    if (schema === null) {
      if (isNull) return this.part.with(record, null, null);
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem, this.#path);
      return this.part.with(record, null, mapValueAtPath(value as PlainObject, this.#steps));
    }
    if (!isNull) {
      const problem = structProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem, this.#path);
    }
    const field = schema.type === 'struct' ? fieldAtPath(schema, this.#steps) : undefined;
    if (field === undefined) this.fail(record, `Unknown field: ${this.#path}`, this.#path);
    const out = isNull ? null : structValueAtPath(schema, value as PlainObject, this.#steps, this.#replaceNull);
    return this.part.with(record, field.schema, out);
  }
}

export const descriptors = keyValueDescriptors(
  'ExtractField',
  extractFieldConfig,
  'Replace the key or value with one of its fields',
  (part, shortName) => new ExtractField(part, shortName),
);
