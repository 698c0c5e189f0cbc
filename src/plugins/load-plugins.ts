import { loadBuiltinPlugins } from './builtin-plugins.js';
import { loadPluginPath } from './plugin-path-loader.js';
import { PluginRegistry } from './plugin-registry.js';

/** Builds the worker's registry: built-ins first, then every package on `plugin.path`. */
export async function loadPlugins(options: { pluginPath?: readonly string[] } = {}): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const d of await loadBuiltinPlugins()) registry.register(d);
  for (const pkg of await loadPluginPath(options.pluginPath ?? [])) {
    for (const d of pkg.descriptors) registry.register(d, `plugin package ${pkg.packageName}`);
  }
  return registry;
}
