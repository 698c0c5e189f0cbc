import type { PluginDescriptor, PluginModule } from '../api/plugin-descriptor.js';

const KINDS = new Set(['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate']);

/** The descriptors a plugin module exports (`descriptors`, `descriptor`, or a default export of either). */
export function descriptorsOf(mod: PluginModule, origin: string): PluginDescriptor[] {
  const found: unknown[] = [];
  if (Array.isArray(mod.descriptors)) found.push(...mod.descriptors);
  if (mod.descriptor) found.push(mod.descriptor);
  if (Array.isArray(mod.default)) found.push(...mod.default);
  else if (mod.default && typeof mod.default === 'object' && 'kind' in mod.default) found.push(mod.default);
  for (const d of found) {
    if (!isDescriptor(d)) {
      throw new Error(`${origin}: exported plugin descriptor is malformed (needs kind, className, version, create())`);
    }
  }
  return found as PluginDescriptor[];
}

function isDescriptor(d: unknown): d is PluginDescriptor {
  if (!d || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  return (
    typeof o.kind === 'string' &&
    KINDS.has(o.kind) &&
    typeof o.className === 'string' &&
    typeof o.version === 'string' &&
    typeof o.create === 'function'
  );
}
