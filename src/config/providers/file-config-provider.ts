/**
 * `${file:/path/to/secrets.properties:key}` — Kafka's FileConfigProvider: reads a `.properties` file and
 * returns the requested keys. Optional `allowed.paths` restricts which files may be read.
 */
import { ConfigError } from '../../api/errors.js';
import { readPropertiesFile } from '../properties.js';
import { AllowedPaths } from './allowed-paths.js';
import type { ConfigProvider } from './config-provider.js';

export class FileConfigProvider implements ConfigProvider {
  readonly #allowed: AllowedPaths;

  constructor(params: Readonly<Record<string, string>> = {}) {
    this.#allowed = new AllowedPaths(params['allowed.paths']);
  }

  async get(path: string, keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (path === '') throw new ConfigError('FileConfigProvider needs a file path: ${file:/path/file.properties:key}');
    const full = this.#allowed.check(path);
    let props: Record<string, string>;
    try {
      props = await readPropertiesFile(full);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(`Could not read config provider file ${path}: ${(err as Error).message}`);
    }
    const out = new Map<string, string>();
    for (const key of keys) if (Object.hasOwn(props, key)) out.set(key, props[key] as string);
    return out;
  }
}
