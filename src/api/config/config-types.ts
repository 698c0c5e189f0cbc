/**
 * The declaration types of a ConfigDef and the typed config object inferred from them.
 * `defineConfig({...})` takes a `ConfigSpec`; `ConfigOfSpec<S>` is what `parse()` returns.
 */
import type { Password } from './password.js';

export type ConfigType = 'string' | 'int' | 'short' | 'long' | 'double' | 'boolean' | 'list' | 'password' | 'class';
export type Importance = 'high' | 'medium' | 'low';
export type Width = 'none' | 'short' | 'medium' | 'long';

/** The JS type each config type parses to. */
export interface ConfigTypeMap {
  string: string;
  int: number;
  short: number;
  long: number;
  double: number;
  boolean: boolean;
  list: string[];
  password: Password;
  class: string;
}

/** What a declaration may give as `default` (the typed value, or the string form Kafka also accepts). */
export interface ConfigDefaultMap {
  string: string;
  int: number | string;
  short: number | string;
  long: number | bigint | string;
  double: number | string;
  boolean: boolean | string;
  list: readonly string[] | string;
  password: Password | string;
  class: string;
}

/** Throws (a ConfigError, or any Error whose message explains the problem) when `value` is not valid. */
export type Validator = ((name: string, value: unknown) => void) & {
  /** Shown as "valid values" in docs, like Kafka's validator `toString()` (e.g. `[1,...,10]`). */
  readonly description?: string;
};

/** Suggests values and visibility for a key given the other parsed values (Kafka's `ConfigDef.Recommender`). */
export interface Recommender {
  validValues(name: string, parsed: Readonly<Record<string, unknown>>): unknown[];
  visible(name: string, parsed: Readonly<Record<string, unknown>>): boolean;
}

interface KeySpecBase {
  readonly importance: Importance;
  readonly doc: string;
  readonly validator?: Validator;
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  readonly dependents?: readonly string[];
  readonly recommender?: Recommender;
}

export type KeySpecFor<T extends ConfigType> = KeySpecBase & {
  readonly type: T;
  /** Absent = required key. `null` = optional key whose value may be null. */
  readonly default?: ConfigDefaultMap[T] | null;
};

export type KeySpec = { [T in ConfigType]: KeySpecFor<T> }[ConfigType];
export type ConfigSpec = Readonly<Record<string, KeySpec>>;

/** A string key validated by `oneOf('a', 'b')` parses to `'a' | 'b'`; otherwise the type's JS type. */
type BaseOfKey<K, T extends ConfigType> = T extends 'string'
  ? K extends { readonly validator: { readonly allowed: readonly (infer V)[] } }
    ? V
    : string
  : ConfigTypeMap[T];

type ValueOfKey<K> = K extends { readonly type: infer T extends ConfigType }
  ? K extends { readonly default: infer D }
    ? null extends D
      ? BaseOfKey<K, T> | null
      : BaseOfKey<K, T>
    : BaseOfKey<K, T>
  : never;

/** The typed config object for a declaration. */
export type ConfigOfSpec<S> = { -readonly [K in keyof S]: ValueOfKey<S[K]> };

/** A key as the ConfigDef holds it after normalising the declaration (defaults parsed, names filled in). */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  /** False when the key is required. */
  readonly hasDefault: boolean;
  /** The parsed default (undefined when `hasDefault` is false). */
  readonly defaultValue: unknown;
  readonly validator: Validator | undefined;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly recommender: Recommender | undefined;
}

/** One key's validation result (Kafka's `ConfigValue`). */
export interface ConfigValue {
  readonly name: string;
  /** The parsed value; null when it is missing or could not be parsed. */
  value: unknown;
  recommendedValues: unknown[];
  errors: string[];
  visible: boolean;
}
