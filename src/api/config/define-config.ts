/**
 * ConfigDef: a plugin declares its keys once (type, default, validator, importance, doc, group) and gets the
 * typed config object (`parse`), Kafka's per-key validation (`validate`), the REST validate response
 * (`toConfigInfos`), docs (`toMarkdown`) and secret masking (`mask`) from that one declaration.
 *
 *   export const sinkConfig = defineConfig({
 *     'batch.size': { type: 'int', default: 500, validator: atLeast(1), importance: 'medium', doc: 'Rows per insert.' },
 *     'connection.password': { type: 'password', default: null, importance: 'high', doc: 'DB password.' },
 *   });
 *   export type SinkConfig = ConfigOf<typeof sinkConfig>;   // { 'batch.size': number; 'connection.password': Password | null }
 */
import { ConfigError } from '../errors.js';
import { buildConfigInfos, type ConfigInfos } from './config-infos.js';
import { configMarkdown } from './config-markdown.js';
import type { ConfigKey, ConfigOfSpec, ConfigSpec, ConfigValue, KeySpec } from './config-types.js';
import { parseType } from './parse-type.js';
import { HIDDEN } from './password.js';
import { validationMessage } from './validators.js';

/** Raw config as it arrives: strings from .properties/REST, or already-typed JSON values. */
export type RawConfig = Readonly<Record<string, unknown>>;

type Merged<T, U> = { [K in keyof T | keyof U]: K extends keyof U ? U[K] : K extends keyof T ? T[K] : never };
type Prefixed<P extends string, T> = { [K in keyof T as K extends string ? `${P}${K}` : never]: T[K] };

function missingMessage(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}

function rawValue(raw: RawConfig, name: string): unknown {
  // Own keys only: a key named "constructor" must not read Object.prototype.
  const v = Object.hasOwn(raw, name) ? raw[name] : undefined;
  return v === null ? undefined : v;
}

/** A fresh copy of a default so callers mutating a parsed list cannot change the declaration. */
function copyDefault(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

export class ConfigDef<T extends object = Record<string, unknown>> {
  readonly #keys: ReadonlyMap<string, ConfigKey>;
  /** Group names in order of first use (ConfigInfos `groups`). */
  readonly groups: readonly string[];

  /** Prefer `defineConfig`; this takes already-normalised keys (later keys with the same name win). */
  constructor(keys: Iterable<ConfigKey>) {
    const map = new Map<string, ConfigKey>();
    const groups: string[] = [];
    for (const key of keys) {
      map.set(key.name, key);
      if (key.group !== null && !groups.includes(key.group)) groups.push(key.group);
    }
    this.#keys = map;
    this.groups = groups;
  }

  /** The key definitions, in declaration order (for docs and REST `GET /connector-plugins/{p}/config`). */
  get keys(): readonly ConfigKey[] {
    return [...this.#keys.values()];
  }

  key(name: string): ConfigKey | undefined {
    return this.#keys.get(name);
  }

  has(name: string): boolean {
    return this.#keys.has(name);
  }

  /**
   * The typed config. Unknown keys are ignored; `null` counts as "not set". Throws a ConfigError listing every
   * bad key (its `errors` maps key → messages) when any value is missing, unparseable or invalid.
   */
  parse(raw: RawConfig): T {
    const out: Record<string, unknown> = {};
    const errors: Record<string, string[]> = {};
    for (const key of this.#keys.values()) {
      const given = rawValue(raw, key.name);
      let value: unknown;
      let message: string | undefined;
      if (given !== undefined) {
        try {
          value = parseType(key.name, given, key.type);
        } catch (err) {
          message = (err as Error).message;
        }
      } else if (!key.hasDefault) {
        message = missingMessage(key.name);
      } else {
        value = copyDefault(key.defaultValue);
      }
      if (message === undefined && key.validator !== undefined && !(value === null && key.defaultValue === null)) {
        message = validationMessage(key.validator, key.name, value);
      }
      if (message !== undefined) errors[key.name] = [message];
      else out[key.name] = value;
    }
    const messages = Object.values(errors).flat();
    if (messages.length > 0) {
      throw new ConfigError(
        `Configuration is invalid and contains the following ${messages.length} error(s):\n${messages.join('\n')}`,
        errors,
      );
    }
    return out as T;
  }

  /**
   * Kafka's `ConfigDef.validate`: one ConfigValue per key, in declaration order, with every error found.
   * As in Kafka, the validator also sees a missing or unparseable value (as null).
   */
  validate(raw: RawConfig): ConfigValue[] {
    const parsed: Record<string, unknown> = {};
    const values: ConfigValue[] = [];
    for (const key of this.#keys.values()) {
      const cv: ConfigValue = { name: key.name, value: null, recommendedValues: [], errors: [], visible: true };
      const given = rawValue(raw, key.name);
      let value: unknown = null;
      if (given !== undefined) {
        try {
          value = parseType(key.name, given, key.type);
        } catch (err) {
          cv.errors.push((err as Error).message);
        }
      } else if (!key.hasDefault) {
        cv.errors.push(missingMessage(key.name));
      } else {
        value = copyDefault(key.defaultValue);
      }
      // A declared `default: null` means "optional"; the null default itself is not run through the validator.
      const optionalNull = value === null && key.hasDefault && key.defaultValue === null && given === undefined;
      if (key.validator !== undefined && !optionalNull) {
        const message = validationMessage(key.validator, key.name, value);
        if (message !== undefined) cv.errors.push(message);
      }
      cv.value = value;
      parsed[key.name] = value;
      values.push(cv);
    }
    // As Kafka: a dependent that is not itself a key is reported (hidden) instead of silently ignored.
    for (const key of this.#keys.values()) {
      for (const dependent of key.dependents) {
        if (this.#keys.has(dependent) || values.some((v) => v.name === dependent)) continue;
        values.push({
          name: dependent,
          value: null,
          recommendedValues: [],
          errors: [`${dependent} is referred in the dependents, but not defined.`],
          visible: false,
        });
      }
    }
    for (const cv of values) {
      const recommender = this.#keys.get(cv.name)?.recommender;
      if (recommender === undefined) continue;
      try {
        cv.recommendedValues = recommender.validValues(cv.name, parsed);
        cv.visible = recommender.visible(cv.name, parsed);
      } catch (err) {
        cv.errors.push((err as Error).message);
      }
    }
    return values;
  }

  /** The REST validate response (`PUT /connector-plugins/{plugin}/config/validate`) for `raw`. */
  toConfigInfos(connectorClassName: string, raw: RawConfig, extraGroups: readonly string[] = []): ConfigInfos {
    const groups = [...this.groups];
    for (const g of extraGroups) if (!groups.includes(g)) groups.push(g);
    return buildConfigInfos(connectorClassName, this.keys, this.validate(raw), groups);
  }

  /** A copy of `raw` with the values of password-typed keys replaced by `[hidden]` (for REST bodies and logs). */
  mask(raw: RawConfig): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      const isSecret = this.#keys.get(name)?.type === 'password';
      out[name] = isSecret && value !== null && value !== undefined ? HIDDEN : value;
    }
    return out;
  }

  /** True when `name` is declared with type password. */
  isSecret(name: string): boolean {
    return this.#keys.get(name)?.type === 'password';
  }

  /** Both definitions; on a name clash `other`'s key wins (a plugin's own keys override the framework's). */
  merge<U extends object>(other: ConfigDef<U>): ConfigDef<Merged<T, U>> {
    return new ConfigDef<Merged<T, U>>([...this.keys, ...other.keys]);
  }

  /** Adds keys from a declaration (same rules as `defineConfig`). */
  extend<const S extends ConfigSpec>(spec: S): ConfigDef<Merged<T, ConfigOfSpec<S>>> {
    return this.merge(defineConfig(spec));
  }

  /** The same keys named `prefix + name` (dependents too), e.g. for `key.converter.` sub-configs. */
  withPrefix<P extends string>(prefix: P): ConfigDef<Prefixed<P, T>> {
    return new ConfigDef<Prefixed<P, T>>(
      this.keys.map((k) => ({ ...k, name: prefix + k.name, dependents: k.dependents.map((d) => prefix + d) })),
    );
  }

  /** A Markdown table of the keys (key, type, default, valid values, importance, description) for READMEs. */
  toMarkdown(): string {
    return configMarkdown(this.keys);
  }
}

/** The typed config object of a ConfigDef (or of a declaration object). */
export type ConfigOf<D> = D extends ConfigDef<infer T> ? T : D extends ConfigSpec ? ConfigOfSpec<D> : never;

function normaliseKey(name: string, spec: KeySpec): ConfigKey {
  const hasDefault = Object.hasOwn(spec, 'default');
  let defaultValue: unknown = undefined;
  if (hasDefault && spec.default !== null && spec.default !== undefined) {
    try {
      defaultValue = parseType(name, spec.default, spec.type);
    } catch (err) {
      throw new ConfigError(`Invalid default for configuration ${name}: ${(err as Error).message}`);
    }
    if (spec.validator !== undefined) {
      const message = validationMessage(spec.validator, name, defaultValue);
      if (message !== undefined) throw new ConfigError(`Invalid default for configuration ${name}: ${message}`);
    }
  } else if (hasDefault) {
    defaultValue = null;
  }
  return {
    name,
    type: spec.type,
    hasDefault,
    defaultValue,
    validator: spec.validator,
    importance: spec.importance,
    documentation: spec.doc,
    group: spec.group ?? null,
    orderInGroup: spec.orderInGroup ?? -1,
    width: spec.width ?? 'none',
    displayName: spec.displayName ?? name,
    dependents: [...(spec.dependents ?? [])],
    recommender: spec.recommender,
  };
}

/** Declares a config. Throws a ConfigError at definition time if a default does not parse or validate. */
export function defineConfig<const S extends ConfigSpec>(spec: S): ConfigDef<ConfigOfSpec<S>> {
  return new ConfigDef<ConfigOfSpec<S>>(Object.entries(spec).map(([name, key]) => normaliseKey(name, key)));
}
