import { describe, expect, it } from 'vitest';
import type { PluginDescriptor } from '../../../src/api/plugin-descriptor.js';
import { PluginRegistry, UnknownPluginError } from '../../../src/plugins/plugin-registry.js';
import { closestNames, editDistance } from '../../../src/plugins/closest-names.js';

const plugin = (kind: PluginDescriptor['kind'], className: string, aliases: string[] = []): PluginDescriptor => ({
  kind,
  className,
  aliases,
  version: '1.0.0',
  create: () => ({ className }),
});

describe('PluginRegistry', () => {
  const registry = new PluginRegistry();
  const json = plugin('converter', 'io.tributary.connect.json.JsonConverter', ['org.apache.kafka.connect.json.JsonConverter']);
  const insertValue = plugin('transformation', 'org.apache.kafka.connect.transforms.InsertField$Value', ['InsertField$Value']);
  const fileSource = plugin('source', 'io.tributary.connect.file.FileStreamSourceConnector', [
    'org.apache.kafka.connect.file.FileStreamSourceConnector',
    'FileStreamSource',
  ]);
  registry.register(json);
  registry.register(insertValue);
  registry.register(fileSource);

  it.each([
    ['io.tributary.connect.json.JsonConverter', json],
    ['org.apache.kafka.connect.json.JsonConverter', json],
    ['JsonConverter', json],
    ['jsonconverter', json],
    ['  JsonConverter ', json],
    ['org.apache.kafka.connect.transforms.InsertField$Value', insertValue],
    ['InsertField$Value', insertValue],
    ['FileStreamSource', fileSource],
    ['FileStreamSourceConnector', fileSource],
    ['org.apache.kafka.connect.file.FileStreamSourceConnector', fileSource],
  ])('resolves %s', (name, expected) => {
    expect(registry.resolve(name, ['converter', 'transformation', 'source'])).toBe(expected);
  });

  it('does not resolve a name to a plugin of another kind', () => {
    expect(registry.find('JsonConverter', ['source'])).toBeUndefined();
    expect(() => registry.resolve('JsonConverter', ['source'])).toThrow(UnknownPluginError);
  });

  it('names the closest known classes for an unknown one, per config key', () => {
    let err: UnknownPluginError | undefined;
    try {
      registry.resolve('org.apache.kafka.connect.json.JsonConvertor', ['converter'], 'value.converter');
    } catch (e) {
      err = e as UnknownPluginError;
    }
    expect(err).toBeInstanceOf(UnknownPluginError);
    expect(err!.message).toContain("Unknown converter class 'org.apache.kafka.connect.json.JsonConvertor'");
    expect(err!.suggestions[0]).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(err!.errors['value.converter']?.[0]).toContain('Did you mean');
    expect(err!.code).toBe('TRIB_CONFIG_INVALID');
  });

  it('rejects two plugins claiming the same explicit name', () => {
    const r = new PluginRegistry();
    r.register(plugin('converter', 'a.b.Conv', ['Conv']));
    expect(() => r.register(plugin('converter', 'c.d.Other', ['Conv']), 'plugin package x')).toThrow(/already taken by a\.b\.Conv/);
  });

  it('lets the first plugin keep a shared simple name', () => {
    const r = new PluginRegistry();
    const first = plugin('sink', 'a.One');
    r.register(first);
    r.register(plugin('sink', 'b.One'));
    expect(r.find('One')).toBe(first);
    expect(r.find('b.One')?.className).toBe('b.One');
  });

  it('lists plugins by kind, sorted', () => {
    expect(registry.list(['source', 'converter']).map((d) => d.className)).toEqual([
      'io.tributary.connect.file.FileStreamSourceConnector',
      'io.tributary.connect.json.JsonConverter',
    ]);
  });
});

describe('closestNames', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Same', 'same')).toBe(0);
  });
  it('compares simple names too', () => {
    expect(closestNames('StringConvertr', ['org.apache.kafka.connect.storage.StringConverter', 'x.y.JsonConverter'])[0]).toBe(
      'org.apache.kafka.connect.storage.StringConverter',
    );
  });
});

describe('one class in several kinds', () => {
  it('resolves JsonConverter as a converter and as a header converter', () => {
    const r = new PluginRegistry();
    const conv = plugin('converter', 'org.apache.kafka.connect.json.JsonConverter', ['JsonConverter']);
    const header = plugin('header_converter', 'org.apache.kafka.connect.json.JsonConverter', ['JsonConverter']);
    r.register(conv);
    r.register(header);
    expect(r.resolve('org.apache.kafka.connect.json.JsonConverter', ['converter'])).toBe(conv);
    expect(r.resolve('JsonConverter', ['header_converter'])).toBe(header);
    expect(r.list().map((d) => d.kind)).toEqual(['converter', 'header_converter']);
    expect(() => r.register(plugin('converter', 'x.JsonConverter', ['JsonConverter']))).toThrow(/already taken/);
  });
});
