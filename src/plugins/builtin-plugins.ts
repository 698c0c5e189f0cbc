import { readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginDescriptor, PluginModule } from '../api/plugin-descriptor.js';
import { descriptorsOf } from './plugin-module.js';

const projectRoot = resolve(import.meta.dirname, '../..');

/**
 * The modules that may hold built-in plugins: `converters/*.ts`, `transforms/*.ts`,
 * `transforms/predicates/*.ts` and `connectors/<family>/index.ts`. Discovered from the folders, so adding a
 * plugin is adding a file — no central list to forget.
 */
export function builtinModulePaths(root = projectRoot): string[] {
  const out: string[] = [];
  const filesIn = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => (f.endsWith('.ts') || f.endsWith('.js')) && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
          .sort()
          .map((f) => join(dir, f))
      : [];
  out.push(...filesIn(join(root, 'converters')));
  out.push(...filesIn(join(root, 'transforms')));
  out.push(...filesIn(join(root, 'transforms', 'predicates')));
  const connectors = join(root, 'connectors');
  if (existsSync(connectors)) {
    for (const family of readdirSync(connectors).sort()) {
      const dir = join(connectors, family);
      if (!statSync(dir).isDirectory()) continue;
      for (const index of ['index.ts', 'index.js']) {
        if (existsSync(join(dir, index))) {
          out.push(join(dir, index));
          break;
        }
      }
    }
  }
  return out;
}

/** Imports every built-in plugin module and returns the descriptors they export. */
export async function loadBuiltinPlugins(root = projectRoot): Promise<PluginDescriptor[]> {
  const out: PluginDescriptor[] = [];
  for (const path of builtinModulePaths(root)) {
    const mod = (await import(pathToFileURL(path).href)) as PluginModule;
    out.push(...descriptorsOf(mod, path));
  }
  return out;
}
