/**
 * Replaces `${provider:[path:]key}` references in config values (Kafka's ConfigTransformer). Resolution
 * returns a NEW map: stored configs keep their references, so secrets are fetched when a task starts and are
 * never written back to the config topic, REST responses or logs.
 */
import { ConfigError } from '../../api/errors.js';
import type { ConfigProvider } from './config-provider.js';

/** Kafka's ConfigTransformer.DEFAULT_PATTERN: `${provider:key}` or `${provider:path:key}`. */
const REFERENCE = /\$\{([^}]*?):(?:([^}]*?):)?([^}]*?)\}/g;

export interface ConfigReference {
  readonly text: string;
  readonly provider: string;
  /** "" when the reference has no path (`${env:VAR}`). */
  readonly path: string;
  readonly key: string;
}

export function findReferences(value: string): ConfigReference[] {
  const refs: ConfigReference[] = [];
  for (const m of value.matchAll(REFERENCE)) {
    refs.push({ text: m[0], provider: m[1] ?? '', path: m[2] ?? '', key: m[3] ?? '' });
  }
  return refs;
}

export function hasReferences(value: string): boolean {
  return findReferences(value).length > 0;
}

export interface ResolveOptions {
  /** `error` (default): an unknown provider or key is an error. `keep`: leave the reference as is (Kafka's behaviour). */
  readonly onMissing?: 'error' | 'keep';
}

/**
 * Resolves every reference in `raw`. Each provider is asked once per path for all keys needed. Throws a
 * ConfigError whose `errors` name each config key that could not be resolved.
 */
export async function resolveConfig(
  raw: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>,
  options: ResolveOptions = {},
): Promise<Record<string, string>> {
  const wanted = new Map<string, Map<string, Set<string>>>(); // provider → path → keys
  for (const value of Object.values(raw)) {
    if (typeof value !== 'string') continue;
    for (const ref of findReferences(value)) {
      if (!providers.has(ref.provider)) continue;
      const byPath = wanted.get(ref.provider) ?? new Map<string, Set<string>>();
      wanted.set(ref.provider, byPath);
      const keys = byPath.get(ref.path) ?? new Set<string>();
      byPath.set(ref.path, keys);
      keys.add(ref.key);
    }
  }
  const found = new Map<string, ReadonlyMap<string, string>>(); // `${provider}\0${path}` → values
  const fetchErrors = new Map<string, string>();
  for (const [name, byPath] of wanted) {
    const provider = providers.get(name) as ConfigProvider;
    for (const [path, keys] of byPath) {
      try {
        found.set(`${name}\0${path}`, await provider.get(path, [...keys]));
      } catch (err) {
        fetchErrors.set(`${name}\0${path}`, (err as Error).message);
      }
    }
  }

  const out: Record<string, string> = {};
  const errors: Record<string, string[]> = {};
  for (const [configKey, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !value.includes('${')) {
      out[configKey] = value;
      continue;
    }
    const problems: string[] = [];
    out[configKey] = value.replace(REFERENCE, (text: string, provider: string, path: string | undefined, key: string) => {
      const id = `${provider}\0${path ?? ''}`;
      const values = found.get(id);
      const resolved = values?.get(key);
      if (resolved !== undefined) return resolved;
      if (!providers.has(provider)) {
        problems.push(`${text}: no config provider "${provider}" is configured (add it to config.providers in the worker config)`);
      } else if (fetchErrors.has(id)) {
        problems.push(`${text}: ${fetchErrors.get(id)}`);
      } else {
        problems.push(`${text}: config provider "${provider}" has no value for "${key}"${path ? ` in ${path}` : ''}`);
      }
      return text;
    });
    if (problems.length > 0 && options.onMissing !== 'keep') errors[configKey] = problems;
  }
  const keys = Object.keys(errors);
  if (keys.length > 0) {
    const lines = keys.flatMap((k) => (errors[k] ?? []).map((p) => `${k}: ${p}`));
    throw new ConfigError(`Could not resolve config references:\n${lines.join('\n')}`, errors);
  }
  return out;
}
