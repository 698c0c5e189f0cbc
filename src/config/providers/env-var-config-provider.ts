/**
 * `${env:NAME}` — Kafka's EnvVarConfigProvider (KIP-887). Optional `allowlist.pattern` (a regex the whole
 * variable name must match) limits which variables can be read. Paths are not supported.
 *
 * This file is the one place in Tributary that reads `process.env` for configuration.
 */
import { ConfigError } from '../../api/errors.js';
import type { ConfigProvider } from './config-provider.js';

export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #allow: RegExp | undefined;

  constructor(params: Readonly<Record<string, string>> = {}, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
    const pattern = params['allowlist.pattern'];
    try {
      this.#allow = pattern === undefined || pattern === '' ? undefined : new RegExp(`^(?:${pattern})$`);
    } catch (err) {
      throw new ConfigError(`allowlist.pattern of the env config provider is not a valid regex: ${(err as Error).message}`);
    }
  }

  async get(path: string, keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (path !== '') {
      throw new ConfigError(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    }
    const out = new Map<string, string>();
    for (const key of keys) {
      const value = this.#env[key];
      if (value !== undefined && (this.#allow === undefined || this.#allow.test(key))) out.set(key, value);
    }
    return out;
  }
}
