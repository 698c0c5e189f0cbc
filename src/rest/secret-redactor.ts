/**
 * Secrets in REST bodies: values of `password`-typed keys are answered as `[hidden]` (Kafka's Password
 * toString), and a PUT/PATCH that sends `[hidden]` back for such a key keeps the stored value, so GET → edit
 * → PUT round-trips. Which keys are passwords comes from the plugins the config names: the connector (with the
 * framework keys), each `transforms.<a>.type` / `predicates.<p>.type` and the key/value/header converters.
 * `${provider:…}` placeholders are plain strings here: stored and shown as written, never resolved.
 */
import type { ConfigKeyInfo } from '../api/config/config-infos.js';
import type { Herder } from '../cluster/herder.js';

export const HIDDEN = '[hidden]';

function aliases(config: Readonly<Record<string, string>>, key: string): string[] {
  return (config[key] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The config keys of `config` whose plugin declares them as PASSWORD. Unknown plugins contribute nothing. */
export function passwordKeys(herder: Herder, config: Readonly<Record<string, string>>): Set<string> {
  const out = new Set<string>();
  const add = (plugin: string | undefined, prefix: string) => {
    if (plugin === undefined || plugin.trim() === '') return;
    let keys: ConfigKeyInfo[];
    try {
      keys = herder.pluginConfig(plugin.trim());
    } catch {
      return; // unknown plugin: validation reports it
    }
    for (const k of keys) if (k.type === 'PASSWORD') out.add(prefix + k.name);
  };
  add(config['connector.class'], '');
  for (const a of aliases(config, 'transforms')) add(config[`transforms.${a}.type`], `transforms.${a}.`);
  for (const p of aliases(config, 'predicates')) add(config[`predicates.${p}.type`], `predicates.${p}.`);
  for (const c of ['key.converter', 'value.converter', 'header.converter']) add(config[c], `${c}.`);
  return out;
}

/** A copy with every password value (present and non-empty) replaced by `[hidden]`. */
export function redactConfig(config: Readonly<Record<string, string>>, secrets: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = { ...config };
  for (const key of secrets) if (out[key] !== undefined && out[key] !== '') out[key] = HIDDEN;
  return out;
}

/** `config` with each password key sent as `[hidden]` given back its stored value (when there is one). */
export function restoreHidden(
  config: Record<string, string>,
  stored: Readonly<Record<string, string>> | undefined,
  secrets: ReadonlySet<string>,
): Record<string, string> {
  if (stored === undefined) return config;
  for (const key of secrets) {
    if (config[key] === HIDDEN && stored[key] !== undefined) config[key] = stored[key];
  }
  return config;
}
