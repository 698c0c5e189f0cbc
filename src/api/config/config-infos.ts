/**
 * Kafka Connect's validate response (`PUT /connector-plugins/{plugin}/config/validate`): ConfigInfos,
 * built the way AbstractHerder.generateResult builds it from ConfigKeys and ConfigValues.
 */
import type { ConfigKey, ConfigType, ConfigValue } from './config-types.js';
import { convertToString } from './parse-type.js';

export interface ConfigKeyInfo {
  name: string;
  /** Upper case, as Kafka's enum: "STRING", "INT", "LIST", "PASSWORD", … */
  type: string;
  required: boolean;
  default_value: string | null;
  /** "HIGH" | "MEDIUM" | "LOW" */
  importance: string;
  documentation: string;
  group: string | null;
  order: number;
  /** "NONE" | "SHORT" | "MEDIUM" | "LONG" */
  width: string;
  display_name: string;
  dependents: string[];
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo | null;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

export function toConfigKeyInfo(key: ConfigKey, prefix = ''): ConfigKeyInfo {
  return {
    name: prefix + key.name,
    type: key.type.toUpperCase(),
    required: !key.hasDefault,
    default_value: key.hasDefault ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance.toUpperCase(),
    documentation: key.documentation,
    group: key.group,
    order: key.orderInGroup,
    width: key.width.toUpperCase(),
    display_name: key.displayName,
    dependents: [...key.dependents],
  };
}

export function toConfigValueInfo(value: ConfigValue, type: ConfigType | undefined): ConfigValueInfo {
  // Recommended values of a LIST key are single elements, so they print as strings (AbstractHerder does the same).
  const elementType = type === 'list' ? 'string' : type;
  return {
    name: value.name,
    value: convertToString(value.value, type),
    recommended_values: value.recommendedValues.map((v) => convertToString(v, elementType) ?? ''),
    errors: [...value.errors],
    visible: value.visible,
  };
}

/**
 * Builds ConfigInfos. `values` may include names without a key (e.g. errors the herder adds for unknown
 * keys); those come first with `definition: null`, then one entry per key in key order.
 */
export function buildConfigInfos(
  connectorClassName: string,
  keys: readonly ConfigKey[],
  values: readonly ConfigValue[],
  groups: readonly string[],
): ConfigInfos {
  let errorCount = 0;
  const configs: ConfigInfo[] = [];
  const byName = new Map<string, ConfigValue>();
  const keyNames = new Set(keys.map((k) => k.name));
  for (const value of values) {
    byName.set(value.name, value);
    if (!keyNames.has(value.name)) {
      configs.push({ definition: null, value: toConfigValueInfo(value, undefined) });
      errorCount += value.errors.length;
    }
  }
  for (const key of keys) {
    const value = byName.get(key.name);
    if (value !== undefined) errorCount += value.errors.length;
    configs.push({
      definition: toConfigKeyInfo(key),
      value: value === undefined ? null : toConfigValueInfo(value, key.type),
    });
  }
  return { name: connectorClassName, error_count: errorCount, groups: [...groups], configs };
}
