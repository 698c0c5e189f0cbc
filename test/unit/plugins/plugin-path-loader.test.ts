import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPluginPath } from '../../../src/plugins/plugin-path-loader.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';

const base = mkdtempSync(join(tmpdir(), 'trib-plugin-path-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function writePackage(dir: string, pkg: object, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const pluginsDir = join(base, 'plugins');
writePackage(
  join(pluginsDir, 'acme-webhook'),
  { name: '@acme/webhook-sink', version: '2.1.0', type: 'module', tributary: { plugins: './plugin.js' } },
  {
    'plugin.js': `
      class WebhookSink { kind = 'webhook' }
      export const descriptors = [{
        kind: 'sink', className: 'com.acme.WebhookSinkConnector', aliases: ['AcmeWebhook'],
        version: '2.1.0', create: () => new WebhookSink(),
      }];`,
  },
);
writePackage(
  join(pluginsDir, 'acme-upper'),
  { name: 'acme-upper', version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } } },
  {
    'index.js': `export default { kind: 'transformation', className: 'com.acme.Upper', version: '1.0.0', create: () => ({ upper: true }) };`,
  },
);

describe('plugin.path loading', () => {
  it('loads every package in a plugin.path directory through its declared entry module', async () => {
    const loaded = await loadPluginPath([pluginsDir]);
    expect(loaded.map((p) => p.packageName).sort()).toEqual(['@acme/webhook-sink', 'acme-upper']);
    const webhook = loaded.find((p) => p.packageName === '@acme/webhook-sink')!;
    expect(webhook.descriptors[0]!.className).toBe('com.acme.WebhookSinkConnector');
    expect((webhook.descriptors[0]!.create() as { kind: string }).kind).toBe('webhook');
  });

  it('accepts a package directory itself as a plugin.path entry', async () => {
    const loaded = await loadPluginPath([join(pluginsDir, 'acme-upper')]);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.descriptors[0]!.create()).toEqual({ upper: true });
  });

  it('registers plugin.path plugins beside the built-ins, resolvable by alias', async () => {
    const registry = await loadPlugins({ pluginPath: [pluginsDir] });
    expect(registry.resolve('AcmeWebhook', ['sink']).className).toBe('com.acme.WebhookSinkConnector');
    expect(registry.resolve('com.acme.Upper', ['transformation']).version).toBe('1.0.0');
  });

  it('fails clearly for a missing directory, a missing entry module and a package without descriptors', async () => {
    await expect(loadPluginPath([join(base, 'nope')])).rejects.toThrow(/plugin.path entry .* is not a directory/);
    const broken = join(base, 'broken');
    writePackage(join(broken, 'no-entry'), { name: 'no-entry', main: './missing.js' }, {});
    await expect(loadPluginPath([broken])).rejects.toThrow(/no-entry: entry module .\/missing.js not found/);
    const empty = join(base, 'empty');
    writePackage(join(empty, 'nothing'), { name: 'nothing', type: 'module', main: './i.js' }, { 'i.js': 'export const x = 1;' });
    await expect(loadPluginPath([empty])).rejects.toThrow(/exports no plugin descriptors/);
    const bad = join(base, 'bad');
    writePackage(join(bad, 'bad'), { name: 'bad', type: 'module', main: './i.js' }, { 'i.js': "export const descriptor = { kind: 'sink' };" });
    await expect(loadPluginPath([bad])).rejects.toThrow(/malformed/);
  });
});
