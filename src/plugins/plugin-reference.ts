/**
 * The plugin reference in docs/plugins/: one Markdown page per built-in plugin, generated from its
 * descriptor and ConfigDef, so the docs cannot drift from the declarations (a test compares the
 * checked-in pages with a fresh rendering; `tributary docs plugins` rewrites them).
 */
import type { PluginDescriptor, PluginKind } from '../api/plugin-descriptor.js';
import type { ConfigDef } from '../api/config/define-config.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from '../config/connector-config.js';
import type { PluginRegistry } from './plugin-registry.js';

const KIND_TITLES: Record<PluginKind, string> = {
  source: 'Source connector',
  sink: 'Sink connector',
  converter: 'Converter',
  header_converter: 'Header converter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

/** File name of a plugin's page: the class name, with `$` (inner classes such as `InsertField$Value`) kept readable. */
export function pageName(d: PluginDescriptor): string {
  return `${d.className.replace(/\$/g, '-')}${d.kind === 'header_converter' ? '.header' : ''}.md`;
}

function hasMarkdown(def: unknown): def is Pick<ConfigDef, 'toMarkdown'> {
  return typeof def === 'object' && def !== null && typeof (def as { toMarkdown?: unknown }).toMarkdown === 'function';
}

export function renderPluginPage(d: PluginDescriptor): string {
  const lines = [
    `# ${d.className}`,
    '',
    `${KIND_TITLES[d.kind]}, version ${d.version}.${d.description ? ` ${d.description}` : ''}`,
    '',
  ];
  if (d.aliases?.length) lines.push(`Also accepted as: ${d.aliases.map((a) => `\`${a}\``).join(', ')}.`, '');
  if (d.kind === 'source' || d.kind === 'sink') {
    lines.push(`Besides the keys below, every ${d.kind} connector takes the [common connector keys](connector-common-${d.kind}.md).`, '');
  }
  lines.push('## Configuration', '');
  lines.push(hasMarkdown(d.configDef) ? d.configDef.toMarkdown().trimEnd() : 'This plugin takes no configuration.');
  return lines.join('\n') + '\n';
}

/** Every page of the reference, keyed by file name (plugin pages, the common connector keys, an index). */
export function renderPluginReference(registry: PluginRegistry): Map<string, string> {
  const pages = new Map<string, string>();
  const index = ['# Plugin reference', '', 'Generated from the built-in plugins\' ConfigDefs by `tributary docs plugins`; do not edit by hand.', ''];
  const common: Array<[string, string, ConfigDef]> = [
    ['connector-common-source.md', 'Common keys of every source connector', sourceConnectorConfigDef],
    ['connector-common-sink.md', 'Common keys of every sink connector', sinkConnectorConfigDef],
  ];
  for (const [file, title, def] of common) pages.set(file, `# ${title}\n\n${def.toMarkdown().trimEnd()}\n`);
  for (const kind of Object.keys(KIND_TITLES) as PluginKind[]) {
    const plugins = registry.list([kind]);
    if (plugins.length === 0) continue;
    index.push(`## ${KIND_TITLES[kind]}s`, '');
    for (const d of plugins) {
      const file = pageName(d);
      pages.set(file, renderPluginPage(d));
      index.push(`- [${d.className}](${file})${d.description ? ` — ${d.description}` : ''}`);
    }
    index.push('');
  }
  index.push('## Common connector keys', '', '- [Source connectors](connector-common-source.md)', '- [Sink connectors](connector-common-sink.md)', '');
  pages.set('README.md', index.join('\n'));
  return pages;
}
