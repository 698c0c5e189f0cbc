/**
 * `${directory:/run/secrets:db-password}` — Kafka's DirectoryConfigProvider: each key is the name of a regular
 * file directly inside the directory, and the value is that file's whole content (UTF-8, not trimmed),
 * which is how Docker/Kubernetes mount secrets. Optional `allowed.paths` restricts the directories.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigError } from '../../api/errors.js';
import { AllowedPaths } from './allowed-paths.js';
import type { ConfigProvider } from './config-provider.js';

export class DirectoryConfigProvider implements ConfigProvider {
  readonly #allowed: AllowedPaths;

  constructor(params: Readonly<Record<string, string>> = {}) {
    this.#allowed = new AllowedPaths(params['allowed.paths']);
  }

  async get(path: string, keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (path === '') throw new ConfigError('DirectoryConfigProvider needs a directory: ${directory:/path:file}');
    const dir = this.#allowed.check(path);
    const out = new Map<string, string>();
    for (const key of keys) {
      // A key names a file in this directory, never a path out of it.
      if (key === '' || basename(key) !== key || key === '.' || key === '..') continue;
      const file = join(dir, key);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) out.set(key, await readFile(file, 'utf8'));
    }
    return out;
  }
}
