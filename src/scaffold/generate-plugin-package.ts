/**
 * `tributary new …`: writes a ready-to-run plugin package — package.json with the `tributary.plugins`
 * entry, a typed ConfigDef, the plugin skeleton with its lifecycle commented, a README whose config table
 * is rendered from the ConfigDef, and tests that use `tributary/testing`.
 *
 * Templates are plain files under `templates/` with `__TOKEN__` placeholders (no code generation tricks),
 * so they read like the code they produce.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderConfigSource, templateConfigDef, validatorImports, type PluginKind } from './template-config.js';

const TEMPLATES = join(import.meta.dirname, 'templates');

export interface GenerateOptions {
  readonly kind: PluginKind;
  /** kebab-case, e.g. `weather` or `acme-orders`: file and package names derive from it. */
  readonly name: string;
  /** Where to write the package; must not exist or be empty. */
  readonly dir: string;
  /**
   * The package.json devDependency spec for tributary. Default `file:<this tributary's directory>`, so
   * `npm install` works against the checkout that generated the package; use `^0.1.0` once published.
   */
  readonly tributarySpec?: string;
  /** The namespace of the class name configs use (default `com.example`). */
  readonly namespace?: string;
}

/** Files to write per kind: template (relative to templates/) → output path (tokens allowed). */
const FILES: Record<PluginKind, ReadonlyArray<readonly [string, string]>> = {
  source: [
    ['source/index.ts.tmpl', 'src/index.ts'],
    ['source/connector.ts.tmpl', 'src/__NAME__-source-connector.ts'],
    ['source/task.ts.tmpl', 'src/__NAME__-source-task.ts'],
    ['source/test.ts.tmpl', 'test/__NAME__.test.ts'],
  ],
  sink: [
    ['sink/index.ts.tmpl', 'src/index.ts'],
    ['sink/connector.ts.tmpl', 'src/__NAME__-sink-connector.ts'],
    ['sink/task.ts.tmpl', 'src/__NAME__-sink-task.ts'],
    ['sink/test.ts.tmpl', 'test/__NAME__.test.ts'],
  ],
  transform: [
    ['transform/index.ts.tmpl', 'src/index.ts'],
    ['transform/transform.ts.tmpl', 'src/__NAME__.ts'],
    ['transform/test.ts.tmpl', 'test/__NAME__.test.ts'],
  ],
  converter: [
    ['converter/index.ts.tmpl', 'src/index.ts'],
    ['converter/converter.ts.tmpl', 'src/__NAME__-converter.ts'],
    ['converter/test.ts.tmpl', 'test/__NAME__.test.ts'],
  ],
};

const COMMON: ReadonlyArray<readonly [string, string]> = [
  ['common/package.json.tmpl', 'package.json'],
  ['common/tsconfig.json.tmpl', 'tsconfig.json'],
  ['common/gitignore.tmpl', '.gitignore'],
  ['common/config.ts.tmpl', 'src/config.ts'],
  ['common/readme-check.ts.tmpl', 'test/readme.test.ts'],
  ['common/README.md.tmpl', 'README.md'],
];

const SUFFIX: Record<PluginKind, string> = { source: 'SourceConnector', sink: 'SinkConnector', transform: '', converter: 'Converter' };

const KIND_TEXT: Record<PluginKind, string> = {
  source: 'a source connector',
  sink: 'a sink connector',
  transform: 'a single message transform',
  converter: 'a converter',
};

const DESCRIPTION: Record<PluginKind, string> = {
  source: 'A source connector that writes a counter message to a topic (replace with your source).',
  sink: 'A sink connector that appends record values to a file as JSON lines (replace with your target).',
  transform: 'A transform that upper-cases a string value or field (replace with your logic).',
  converter: 'A converter for prefixed UTF-8 strings (replace with your format).',
};

export function usage(kind: PluginKind, name: string, className: string, cls: string): string {
  const alias = kind === 'transform' ? cls : `${cls}${SUFFIX[kind]}`;
  switch (kind) {
    case 'source':
      return `Then create a connector (REST or a .properties file):\n\n\`\`\`json\n{ "name": "${name}", "config": { "connector.class": "${className}", "topic": "${name}-out" } }\n\`\`\`\n\n(\`"connector.class": "${alias}"\` works too.)`;
    case 'sink':
      return `Then create a connector (REST or a .properties file):\n\n\`\`\`json\n{ "name": "${name}", "config": { "connector.class": "${className}", "topics": "orders", "output.file": "/tmp/orders.jsonl" } }\n\`\`\``;
    case 'transform':
      return `Then add it to any connector's chain:\n\n\`\`\`properties\ntransforms=upper\ntransforms.upper.type=${className}\ntransforms.upper.field=name\n\`\`\``;
    case 'converter':
      return `Then use it for keys or values of any connector (or the worker):\n\n\`\`\`properties\nvalue.converter=${className}\nvalue.converter.prefix=>>\n\`\`\``;
  }
}

const pascal = (name: string) => name.split(/[-_.\s]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** Checks `name` is usable as a package and file name. */
export function checkName(name: string): void {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new Error(`name '${name}' must be kebab-case: lower-case letters and digits, words joined by '-' (e.g. acme-orders)`);
  }
}

/** The tributary package this generator belongs to (a checkout, or an installed copy). */
const TRIBUTARY_ROOT = resolve(import.meta.dirname, '../..');

/** Writes the package; returns the written files (relative paths). Refuses to overwrite a non-empty dir. */
export function generatePluginPackage(options: GenerateOptions): string[] {
  const { kind, name } = options;
  checkName(name);
  const dir = resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} exists and is not empty; choose another --dir`);
  const cls = pascal(name);
  const namespace = options.namespace ?? 'com.example';
  const className = `${namespace}.${cls}${SUFFIX[kind]}`;
  const camel = cls[0]!.toLowerCase() + cls.slice(1);
  const imports = validatorImports(kind);
  const args = kind === 'source' || kind === 'sink' ? `connector ${name} --type ${kind}` : `${kind} ${name}`;
  const tokens: Record<string, string> = {
    __PACKAGE__: name,
    __NAME__: name,
    __CLASS__: cls,
    __CAMEL__: camel,
    __CLASS_NAME__: className,
    __DESCRIPTION__: DESCRIPTION[kind],
    __KIND_TEXT__: KIND_TEXT[kind],
    __NEW_ARGS__: args,
    __TRIBUTARY_SPEC__: options.tributarySpec ?? `file:${TRIBUTARY_ROOT}`,
    __VALIDATOR_IMPORTS__: imports.map((i) => `, ${i}`).join(''),
    __CONFIG_KEYS__: renderConfigSource(kind),
    __CONFIG_TABLE__: templateConfigDef(kind).toMarkdown(),
    __USAGE__: usage(kind, name, className, cls),
  };
  const fill = (text: string) => text.replace(/__[A-Z_]+__/g, (t) => tokens[t] ?? t);
  const written: string[] = [];
  for (const [template, out] of [...COMMON, ...FILES[kind]]) {
    const path = fill(out);
    const target = join(dir, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, fill(readFileSync(join(TEMPLATES, template), 'utf8')));
    written.push(path);
  }
  return written;
}
