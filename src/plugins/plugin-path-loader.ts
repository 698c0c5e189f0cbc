import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginDescriptor, PluginModule } from '../api/plugin-descriptor.js';
import { descriptorsOf } from './plugin-module.js';

export interface LoadedPackage {
  readonly packageDir: string;
  readonly packageName: string;
  readonly descriptors: PluginDescriptor[];
}

/**
 * Loads third-party plugins from `plugin.path` directories. Each entry of `plugin.path` is either an npm
 * package directory (it has a package.json) or a directory of such packages (like Kafka Connect's
 * plugin.path of plugin folders). A package names its entry module in `package.json` under
 * `"tributary": { "plugins": "./dist/index.js" }`, or else its `main`/`exports["."]`; that module exports
 * `descriptors` (see src/api/plugin-descriptor.ts).
 */
export async function loadPluginPath(pluginPath: readonly string[]): Promise<LoadedPackage[]> {
  const out: LoadedPackage[] = [];
  for (const entry of pluginPath) {
    const dir = resolve(entry);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Error(`plugin.path entry '${entry}' is not a directory`);
    }
    const packageDirs = existsSync(join(dir, 'package.json'))
      ? [dir]
      : readdirSync(dir)
          .sort()
          .map((n) => join(dir, n))
          .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'package.json')));
    for (const pkgDir of packageDirs) out.push(await loadPackage(pkgDir));
  }
  return out;
}

async function loadPackage(pkgDir: string): Promise<LoadedPackage> {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    name?: string;
    main?: string;
    exports?: unknown;
    tributary?: { plugins?: string };
  };
  const name = pkg.name ?? pkgDir;
  const entry = pkg.tributary?.plugins ?? exportsRoot(pkg.exports) ?? pkg.main ?? 'index.js';
  const file = resolve(pkgDir, entry);
  if (!existsSync(file)) throw new Error(`plugin package ${name}: entry module ${entry} not found in ${pkgDir}`);
  const mod = (await import(pathToFileURL(file).href)) as PluginModule;
  const descriptors = descriptorsOf(mod, `plugin package ${name}`);
  if (descriptors.length === 0) {
    throw new Error(`plugin package ${name}: ${entry} exports no plugin descriptors (export const descriptors = [...])`);
  }
  return { packageDir: pkgDir, packageName: name, descriptors };
}

function exportsRoot(exp: unknown): string | undefined {
  if (typeof exp === 'string') return exp;
  if (exp && typeof exp === 'object') {
    const dot = (exp as Record<string, unknown>)['.'];
    if (typeof dot === 'string') return dot;
    if (dot && typeof dot === 'object') {
      const d = dot as Record<string, unknown>;
      const v = d.import ?? d.default;
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}
