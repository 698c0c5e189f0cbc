import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from 'tributary';

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * The example package's directory, made resolvable as a plugin package would be after
 * `npm install tributary`: its `node_modules/tributary` links to this checkout (git-ignored).
 */
export function examplePackageDir(name: string): string {
  const dir = join(repoRoot, 'examples', name);
  const link = join(dir, 'node_modules', 'tributary');
  if (!existsSync(link)) {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    try {
      symlinkSync(repoRoot, link, 'dir');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another test file linked it first
    }
  }
  return dir;
}

/** Imports the example's plugin module by path (not statically, so the project typecheck stays independent of it). */
export async function importExample(name: string, entry = 'src/index.ts'): Promise<PluginModule & Record<string, unknown>> {
  return (await import(pathToFileURL(join(examplePackageDir(name), entry)).href)) as PluginModule & Record<string, unknown>;
}
