/**
 * The starter config keys of a scaffolded plugin, as data. From the one list the generator writes the
 * TypeScript `defineConfig({...})` source and renders the README table through a real ConfigDef, so the
 * two agree on day one (the generated test keeps them in sync afterwards).
 */
import { defineConfig, type ConfigDef } from '../api/config/define-config.js';
import type { ConfigSpec, KeySpec } from '../api/config/config-types.js';
import { range } from '../api/config/validators.js';

export interface TemplateKey {
  readonly name: string;
  readonly spec: KeySpec;
  /** The validator as source (e.g. `range(10, undefined)`), when the spec has one. */
  readonly validatorSource?: string;
}

export type PluginKind = 'source' | 'sink' | 'transform' | 'converter';

const KEYS: Record<PluginKind, readonly TemplateKey[]> = {
  source: [
    { name: 'topic', spec: { type: 'string', importance: 'high', doc: 'The Kafka topic to write records to.' } },
    { name: 'message', spec: { type: 'string', default: 'hello', importance: 'medium', doc: 'The text each generated record carries (replace with your own source settings).' } },
    {
      name: 'poll.interval.ms',
      spec: { type: 'long', default: 1000, validator: range(1, undefined), importance: 'low', doc: 'How long poll() waits between records.' },
      validatorSource: 'range(1, undefined)',
    },
  ],
  sink: [
    { name: 'output.file', spec: { type: 'string', importance: 'high', doc: 'The file each record value is appended to, as one JSON line.' } },
  ],
  transform: [
    { name: 'field', spec: { type: 'string', default: null, importance: 'medium', doc: 'The string field of a struct/map value to upper-case; null = the whole value when it is a string.' } },
  ],
  converter: [
    { name: 'prefix', spec: { type: 'string', default: '', importance: 'low', doc: 'Text written before each value and stripped when reading.' } },
  ],
};

export function templateKeys(kind: PluginKind): readonly TemplateKey[] {
  return KEYS[kind];
}

/** The ConfigDef the generated `config.ts` will declare. */
export function templateConfigDef(kind: PluginKind): ConfigDef<object> {
  const spec: Record<string, KeySpec> = {};
  for (const k of KEYS[kind]) spec[k.name] = k.spec;
  return defineConfig(spec as ConfigSpec);
}

/** The `defineConfig({...})` body, one key per entry, in TypeScript. */
export function renderConfigSource(kind: PluginKind): string {
  const lines: string[] = [];
  for (const k of KEYS[kind]) {
    const parts = [`type: '${k.spec.type}'`];
    if ('default' in k.spec) parts.push(`default: ${JSON.stringify(k.spec.default)}`);
    if (k.validatorSource) parts.push(`validator: ${k.validatorSource}`);
    parts.push(`importance: '${k.spec.importance}'`, `doc: ${JSON.stringify(k.spec.doc)}`);
    lines.push(`  '${k.name}': {\n    ${parts.join(',\n    ')},\n  },`);
  }
  return lines.join('\n');
}

/** The validator helpers the generated config imports from tributary. */
export function validatorImports(kind: PluginKind): string[] {
  return [...new Set(KEYS[kind].flatMap((k) => (k.validatorSource ? [k.validatorSource.slice(0, k.validatorSource.indexOf('('))] : [])))];
}
