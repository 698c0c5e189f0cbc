/**
 * Kafka's `allowed.paths` provider parameter (KIP-993): a comma-separated list of absolute directories;
 * a file/directory provider may only read paths inside one of them. No list = everything allowed.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../../api/errors.js';

export class AllowedPaths {
  readonly #roots: readonly string[] | undefined;

  constructor(param: string | undefined) {
    if (param === undefined || param.trim() === '') {
      this.#roots = undefined;
      return;
    }
    const roots = param.split(',').map((p) => p.trim()).filter((p) => p !== '');
    for (const root of roots) {
      if (!isAbsolute(root)) {
        throw new ConfigError(`allowed.paths must list absolute paths, but "${root}" is relative`, {
          'allowed.paths': [`"${root}" is not an absolute path`],
        });
      }
    }
    this.#roots = roots.map((r) => normalize(r));
  }

  /** The normalised path, or throws a ConfigError when it is outside every allowed root. */
  check(path: string): string {
    const full = resolve(path);
    if (this.#roots === undefined) return full;
    const inside = this.#roots.some((root) => {
      const rel = relative(root, full);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
    if (!inside) {
      throw new ConfigError(`Path ${path} is not allowed by allowed.paths (${this.#roots.join(', ')})`);
    }
    return full;
  }
}
