import type { RawConfig } from '../api/config/define-config.js';
import type { Converter } from '../api/converter.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

/**
 * How a test names a converter for produce/consume: an instance (used as given — configure it yourself),
 * a class name or alias known to the cluster (`'JsonConverter'`), or a name with its config
 * (`{ class: 'JsonConverter', config: { 'schemas.enable': 'false' } }`).
 */
export type ConverterSpec = Converter | string | { readonly class: string; readonly config?: RawConfig };

export function resolveConverter(plugins: PluginRegistry, spec: ConverterSpec, isKey: boolean): Converter {
  if (typeof spec !== 'string' && !('class' in spec)) return spec;
  const name = typeof spec === 'string' ? spec : spec.class;
  const config = typeof spec === 'string' ? {} : (spec.config ?? {});
  const converter = plugins.resolve(name, ['converter']).create() as Converter;
  converter.configure(config, isKey);
  return converter;
}
