import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlugins } from './load-plugins.js';
import { renderPluginReference } from './plugin-reference.js';

/** Rewrites `dir` with the plugin reference of the built-in plugins; stale pages are removed. */
export async function writePluginReference(dir: string): Promise<number> {
  const pages = renderPluginReference(await loadPlugins());
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.md') && !pages.has(f)) rmSync(join(dir, f));
  for (const [file, text] of pages) writeFileSync(join(dir, file), text);
  return pages.size;
}
