/**
 * Kafka's AbstractHerder.validateConnectorConfig: checks a connector config against the framework keys
 * (ConnectorConfig + Sink/SourceConnectorConfig), the connector's own ConfigDef and `validate()`, the
 * transforms/predicates/converters it names, the sink topics rules and the client override policy — and
 * answers in ConfigInfos, the validate endpoint's shape. `invalidConfigError` turns a result with errors into
 * the 400 that create/update answer with.
 */
import { buildConfigInfos, type ConfigInfos } from '../api/config/config-infos.js';
import type { ConfigValue } from '../api/config/config-types.js';
import { ConfigDef } from '../api/config/define-config.js';
import { subConfig } from '../api/config/sub-config.js';
import type { Connector } from '../api/connector.js';
import type { PluginDescriptor, PluginKind } from '../api/plugin-descriptor.js';
import { sinkConnectorConfigDef, sinkTopicsError, sourceConnectorConfigDef } from '../config/connector-config.js';
import { overridePolicyErrors, type OverridePolicy } from '../kafka/override-policy.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { BadRequestError } from './herder-errors.js';

export interface ValidationResult {
  readonly infos: ConfigInfos;
  readonly descriptor: PluginDescriptor;
  /** Per-key errors (empty = valid). */
  readonly errors: Readonly<Record<string, readonly string[]>>;
}

export function connectorKind(d: PluginDescriptor): 'source' | 'sink' {
  return d.kind === 'sink' ? 'sink' : 'source';
}

/** The framework keys plus the plugin's own (the plugin's win on a clash), as Kafka's enriched ConfigDef. */
export function connectorConfigDefFor(d: PluginDescriptor): ConfigDef<object> {
  const framework: ConfigDef<object> = connectorKind(d) === 'sink' ? sinkConnectorConfigDef : sourceConnectorConfigDef;
  return d.configDef instanceof ConfigDef ? framework.merge(d.configDef as ConfigDef<object>) : framework;
}

/** Finds the connector plugin named by `connector.class`, or throws the 400 Kafka answers with. */
export function resolveConnectorPlugin(registry: PluginRegistry, config: Readonly<Record<string, string>>): PluginDescriptor {
  const connectorClass = config['connector.class'];
  if (connectorClass === undefined || connectorClass.trim() === '') {
    throw new BadRequestError('Connector config contains no connector type; set connector.class', {
      'connector.class': ['Missing required configuration "connector.class" which has no default value.'],
    });
  }
  try {
    return registry.resolve(connectorClass, ['source', 'sink'], 'connector.class');
  } catch (err) {
    throw new BadRequestError(`Failed to find any class that implements Connector and which name matches ${connectorClass}. ${(err as Error).message}`, {
      'connector.class': [(err as Error).message],
    });
  }
}

export async function validateConnectorConfig(
  registry: PluginRegistry,
  config: Readonly<Record<string, string>>,
  overridePolicy: OverridePolicy,
): Promise<ValidationResult> {
  const descriptor = resolveConnectorPlugin(registry, config);
  const kind = connectorKind(descriptor);
  const framework: ConfigDef<object> = kind === 'sink' ? sinkConnectorConfigDef : sourceConnectorConfigDef;
  const values = new Map<string, ConfigValue>();
  for (const v of framework.validate(config)) values.set(v.name, v);
  const connector = descriptor.create() as Connector;
  for (const v of await connector.validate(config)) values.set(v.name, v);

  const extra: ConfigValue[] = [];
  const addError = (name: string, message: string) => {
    const existing = values.get(name) ?? extra.find((v) => v.name === name);
    if (existing) existing.errors.push(message);
    else extra.push({ name, value: config[name] ?? null, recommendedValues: [], errors: [message], visible: true });
  };
  if (kind === 'sink') sinkChecks(config, addError);
  pluginChecks(registry, config, 'transforms', 'transformation', values, addError);
  pluginChecks(registry, config, 'predicates', 'predicate', values, addError);
  for (const key of ['key.converter', 'value.converter'] as const) classCheck(registry, config, key, ['converter'], addError);
  classCheck(registry, config, 'header.converter', ['header_converter'], addError);
  for (const [key, messages] of Object.entries(overridePolicyErrors(overridePolicy, config))) for (const m of messages) addError(key, m);

  const def = connectorConfigDefFor(descriptor);
  const all = [...values.values(), ...extra];
  const infos = buildConfigInfos(descriptor.className, def.keys, all, def.groups);
  const errors: Record<string, string[]> = {};
  for (const v of all) if (v.errors.length > 0) errors[v.name] = [...v.errors];
  return { infos, descriptor, errors };
}

type AddError = (name: string, message: string) => void;

function sinkChecks(config: Readonly<Record<string, string>>, addError: AddError): void {
  const topicsProblem = sinkTopicsError(config);
  if (topicsProblem !== undefined) {
    addError('topics', topicsProblem);
    addError('topics.regex', topicsProblem);
  }
  const dlq = (config['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlq === '') return;
  const topics = (config['topics'] ?? '').split(',').map((t) => t.trim());
  let matchesRegex = false;
  try {
    matchesRegex = config['topics.regex'] ? new RegExp(`^(?:${config['topics.regex']})$`).test(dlq) : false;
  } catch {
    // an invalid regex is reported by the ConfigDef
  }
  if (topics.includes(dlq) || matchesRegex) {
    addError('errors.deadletterqueue.topic.name', `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${config['topics'] ?? ''}') or match the regex ('topics.regex=${config['topics.regex'] ?? ''}') consumed by the connector`);
  }
}

/** `transforms=a,b`: each alias needs a resolvable `transforms.<a>.type` whose own config validates. */
function pluginChecks(
  registry: PluginRegistry,
  config: Readonly<Record<string, string>>,
  listKey: 'transforms' | 'predicates',
  kind: PluginKind,
  values: ReadonlyMap<string, ConfigValue>,
  addError: AddError,
): void {
  const aliases = values.get(listKey)?.value;
  if (!Array.isArray(aliases)) return;
  for (const alias of aliases as string[]) {
    const prefix = `${listKey}.${alias}.`;
    const typeKey = `${prefix}type`;
    const type = config[typeKey];
    if (type === undefined || type.trim() === '') {
      addError(typeKey, `Missing required configuration "${typeKey}" which has no default value.`);
      continue;
    }
    const d = registry.find(type, [kind]);
    if (d === undefined) {
      try {
        registry.resolve(type, [kind]);
      } catch (err) {
        addError(typeKey, (err as Error).message);
      }
      continue;
    }
    if (!(d.configDef instanceof ConfigDef)) continue;
    for (const v of (d.configDef as ConfigDef<object>).validate(subConfig(config, prefix))) {
      for (const m of v.errors) addError(prefix + v.name, m);
    }
    if (listKey === 'transforms') {
      const predicate = config[`${prefix}predicate`];
      const predicates = values.get('predicates')?.value;
      if (predicate && !(Array.isArray(predicates) && predicates.includes(predicate))) {
        addError(`${prefix}predicate`, `Predicate '${predicate}' is not listed in predicates`);
      }
    }
  }
}

function classCheck(registry: PluginRegistry, config: Readonly<Record<string, string>>, key: string, kinds: PluginKind[], addError: AddError): void {
  const name = config[key];
  if (name === undefined || name.trim() === '') return;
  try {
    registry.resolve(name, kinds, key);
  } catch (err) {
    addError(key, (err as Error).message);
  }
}

/** Kafka's create/update 400: "Connector configuration is invalid and contains the following N error(s): …". */
export function invalidConfigError(result: ValidationResult): BadRequestError {
  const lines = Object.values(result.errors).flat();
  return new BadRequestError(
    `Connector configuration is invalid and contains the following ${lines.length} error(s):\n${lines.join('\n')}\n` +
      'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    result.errors as Record<string, readonly string[]>,
  );
}
