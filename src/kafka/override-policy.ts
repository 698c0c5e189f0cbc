/**
 * `connector.client.config.override.policy` (KIP-458): which `producer.override.*`, `consumer.override.*` and
 * `admin.override.*` keys a connector config may set. Kafka's class names and the short names both work.
 */
import { ConfigError } from '../api/errors.js';

export type OverridePolicy = 'All' | 'None' | 'Principal';

const POLICY_PACKAGE = 'org.apache.kafka.connect.connector.policy.';
const PRINCIPAL_KEYS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);
export const OVERRIDE_PREFIXES = ['producer.override.', 'consumer.override.', 'admin.override.'] as const;

/** The policy named by `value` (`All`, `None`, `Principal`, or Kafka's `…ConnectorClientConfigOverridePolicy`). */
export function parseOverridePolicy(value: string | undefined | null): OverridePolicy {
  const v = (value ?? 'All').trim();
  const simple = v.startsWith(POLICY_PACKAGE) ? v.slice(POLICY_PACKAGE.length) : v;
  const name = simple.replace(/ConnectorClientConfigOverridePolicy$/, '').toLowerCase();
  if (name === 'all') return 'All';
  if (name === 'none') return 'None';
  if (name === 'principal') return 'Principal';
  throw new ConfigError(`Unknown connector.client.config.override.policy '${v}'; use All, None or Principal`, {
    'connector.client.config.override.policy': [`Unknown policy '${v}'`],
  });
}

/**
 * Per-key errors for the override keys in `connectorConfig` that `policy` forbids (empty = all allowed), in
 * the shape of ConfigError.errors so the validate endpoint can show them beside each key.
 */
export function overridePolicyErrors(policy: OverridePolicy, connectorConfig: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (policy === 'All') return errors;
  for (const key of Object.keys(connectorConfig)) {
    const prefix = OVERRIDE_PREFIXES.find((p) => key.startsWith(p));
    if (prefix === undefined) continue;
    const clientKey = key.slice(prefix.length);
    if (policy === 'Principal' && PRINCIPAL_KEYS.has(clientKey)) continue;
    errors[key] = [
      `The '${policy}' policy does not allow '${clientKey}' to be overridden in the connector configuration.` +
        (policy === 'Principal' ? ' Only sasl.jaas.config, sasl.mechanism and security.protocol may be.' : ''),
    ];
  }
  return errors;
}

/** Throws a ConfigError naming every forbidden override key. */
export function checkOverridePolicy(policy: OverridePolicy, connectorConfig: Readonly<Record<string, unknown>>): void {
  const errors = overridePolicyErrors(policy, connectorConfig);
  const keys = Object.keys(errors);
  if (keys.length > 0) {
    throw new ConfigError(`Client config overrides not allowed by connector.client.config.override.policy=${policy}: ${keys.join(', ')}`, errors);
  }
}
