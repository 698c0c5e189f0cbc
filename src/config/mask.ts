/**
 * Secret masking for configs printed in logs and REST bodies. A ConfigDef knows its password-typed keys;
 * for keys no ConfigDef declares (client overrides like `producer.override.sasl.jaas.config`, sub-configs of
 * unknown plugins) the key name decides. Values that are only provider references (`${file:/s.properties:pw}`)
 * are pointers, not secrets, and stay visible — as Kafka Connect shows them.
 */
import { HIDDEN } from '../api/config/password.js';
import { findReferences } from './providers/resolve-config.js';

/** Key names that hold secrets by convention (Kafka/Confluent/Debezium/AWS spellings). */
const SECRET_NAME =
  /(^|[._-])(password|passwd|pwd|secret|token|credentials?|jaas\.config|api[._-]?key|access[._-]?key|secret[._-]?key|private[._-]?key|key[._-]?password|keystore[._-]?key|session[._-]?token)($|[._-])/i;

export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key);
}

function onlyReferences(value: string): boolean {
  const refs = findReferences(value);
  if (refs.length === 0) return false;
  let rest = value;
  for (const r of refs) rest = rest.replace(r.text, '');
  return rest.trim() === '';
}

export interface MaskOptions {
  /** Extra test for secret keys, e.g. `(k) => def.isSecret(k)` for a plugin's ConfigDef. */
  readonly isSecret?: (key: string) => boolean;
}

/** A copy of `config` with secret values replaced by `[hidden]`. */
export function maskSecrets<V>(config: Readonly<Record<string, V>>, options: MaskOptions = {}): Record<string, V | string> {
  const out: Record<string, V | string> = {};
  for (const [key, value] of Object.entries(config)) {
    const secret = looksSecret(key) || (options.isSecret?.(key) ?? false);
    const hide = secret && value !== null && value !== undefined && !(typeof value === 'string' && onlyReferences(value));
    out[key] = hide ? HIDDEN : value;
  }
  return out;
}
