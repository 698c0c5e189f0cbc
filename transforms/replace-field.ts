import { ConfigError, SchemaBuilder, defineConfig, describedAs, type ConnectRecord, type Field, type RawConfig, type Schema } from '../src/api/index.js';
import { keyValueDescriptors } from './support/descriptors.js';
import type { RecordPart } from './support/record-part.js';
import { replaceNullWithDefaultKey } from './support/replace-null-config.js';
import { mapProblem, structProblem } from './support/requirements.js';
import { copySchemaBasics, readField, type PlainObject } from './support/struct-values.js';
import { TransformBase } from './support/transform-base.js';

const renameList = describedAs('list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>', (name, value) => {
  if (!Array.isArray(value)) return;
  for (const pair of value as string[]) {
    const parts = pair.split(':');
    if (parts.length !== 2) throw new ConfigError(`Invalid rename mapping: ${pair}`, { [name]: [`Invalid rename mapping: ${pair}`] });
  }
});

export const replaceFieldConfig = defineConfig({
  exclude: { type: 'list', default: [], importance: 'medium', doc: 'Fields to exclude. This takes precedence over the fields to include.' },
  blacklist: { type: 'list', default: null, importance: 'low', doc: 'Deprecated. Use exclude instead.' },
  include: {
    type: 'list',
    default: [],
    importance: 'medium',
    doc: 'Fields to include. If specified, only these fields will be used.',
  },
  whitelist: { type: 'list', default: null, importance: 'low', doc: 'Deprecated. Use include instead.' },
  renames: { type: 'list', default: [], validator: renameList, importance: 'medium', doc: 'Field rename mappings.' },
  ...replaceNullWithDefaultKey,
});

const PURPOSE = 'field replacement';

/**
 * Filters and renames fields of the key or value. `whitelist`/`blacklist` are the old names Kafka 3.x still
 * accepts (as `ConfigUtils.translateDeprecatedConfigs`): used only when the new key is not given.
 */
export class ReplaceField<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #replaceNull = true;
  /** Per input schema: the output schema and, per output field, the input field it reads. */
  #plans = new WeakMap<Schema, { schema: Schema; sources: Field[] }>();

  constructor(
    private readonly part: RecordPart,
    shortName = `ReplaceField$${part.name === 'key' ? 'Key' : 'Value'}`,
  ) {
    super(shortName);
  }

  config() {
    return replaceFieldConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const given = (k: string) => configs[k] !== undefined && configs[k] !== null;
    const translated: Record<string, unknown> = { ...configs };
    if (!given('exclude') && given('blacklist')) translated.exclude = configs.blacklist;
    if (!given('include') && given('whitelist')) translated.include = configs.whitelist;
    const c = replaceFieldConfig.parse(translated);
    this.#exclude = new Set(c.exclude);
    this.#include = new Set(c.include);
    this.#renames = new Map();
    for (const pair of c.renames) {
      const [from, to] = pair.split(':') as [string, string];
      this.#renames.set(from, to);
    }
    this.#replaceNull = c['replace.null.with.default'];
    this.#plans = new WeakMap();
  }

  #keep(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  apply(record: R): R {
    const value = this.part.value(record);
    if (value === null || value === undefined) return record;
    const schema = this.part.schema(record);
    if (schema === null) {
      const problem = mapProblem(value, PURPOSE);
      if (problem !== undefined) this.fail(record, problem);
      const out: PlainObject = {};
      for (const k in value as PlainObject) {
        if (this.#keep(k)) out[this.#renamed(k)] = (value as PlainObject)[k];
      }
      return this.part.with(record, null, out);
    }
    const problem = structProblem(value, PURPOSE);
    if (problem !== undefined) this.fail(record, problem);
    let plan = this.#plans.get(schema);
    if (plan === undefined) {
      plan = this.#plan(record, schema);
      this.#plans.set(schema, plan);
    }
    const src = value as PlainObject;
    const out: PlainObject = {};
    const fields = plan.schema.fields!;
    const sources = plan.sources;
    for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = readField(src, sources[i]!, this.#replaceNull);
    return this.part.with(record, plan.schema, out);
  }

  #plan(record: R, schema: Schema): { schema: Schema; sources: Field[] } {
    if (schema.type !== 'struct') this.fail(record, `Only Struct schemas supported for [${PURPOSE}], found: ${schema.type}`);
    let b = copySchemaBasics(schema, SchemaBuilder.struct());
    const sources: Field[] = [];
    try {
      for (const f of schema.fields!) {
        if (!this.#keep(f.name)) continue;
        b = b.field(this.#renamed(f.name), f.schema);
        sources.push(f);
      }
    } catch (err) {
      this.fail(record, (err as Error).message, null, err);
    }
    return { schema: b.build(), sources };
  }
}

export const descriptors = keyValueDescriptors(
  'ReplaceField',
  replaceFieldConfig,
  'Filter (include/exclude) or rename fields',
  (part, shortName) => new ReplaceField(part, shortName),
);
