import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import { renderPluginReference, renderPluginPage } from '../../../src/plugins/plugin-reference.js';
import { defineConfig } from '../../../src/api/config/index.js';

const docsDir = resolve(import.meta.dirname, '../../../docs/plugins');

describe('plugin reference (docs/plugins)', async () => {
  const pages = renderPluginReference(await loadPlugins());

  it('has a page for every built-in plugin and the common connector keys', () => {
    expect(pages.has('README.md')).toBe(true);
    expect(pages.has('org.apache.kafka.connect.transforms.InsertField-Value.md')).toBe(true);
    expect(pages.has('connector-common-sink.md')).toBe(true);
    expect(pages.get('io.tributary.connect.jdbc.JdbcSinkConnector.md')).toContain('`insert.mode`');
  });

  it('is up to date: the checked-in pages equal a fresh rendering (run `npx tributary docs plugins` after changing a ConfigDef)', () => {
    const onDisk = new Map(readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(join(docsDir, f), 'utf8')]));
    expect([...onDisk.keys()].sort()).toEqual([...pages.keys()].sort());
    for (const [file, text] of pages) expect(onDisk.get(file), file).toBe(text);
  });

  it('changes when a ConfigDef changes (so the check above can fail)', () => {
    const base = { kind: 'transformation' as const, className: 'x.Demo', version: '1', create: () => ({}) };
    const one = renderPluginPage({ ...base, configDef: defineConfig({ a: { type: 'int', default: 1, importance: 'low', doc: 'A.' } }) });
    const two = renderPluginPage({ ...base, configDef: defineConfig({ a: { type: 'int', default: 2, importance: 'low', doc: 'A.' } }) });
    expect(one).not.toBe(two);
  });
});
