import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';

describe('built-in plugins resolve from the Apache Kafka class names', async () => {
  const registry = await loadPlugins();

  it.each([
    ['org.apache.kafka.connect.json.JsonConverter', 'converter'],
    ['JsonConverter', 'converter'],
    ['org.apache.kafka.connect.storage.StringConverter', 'converter'],
    ['org.apache.kafka.connect.converters.ByteArrayConverter', 'converter'],
    ['org.apache.kafka.connect.converters.LongConverter', 'converter'],
    ['org.apache.kafka.connect.storage.SimpleHeaderConverter', 'header_converter'],
    ['org.apache.kafka.connect.json.JsonConverter', 'header_converter'],
    ['StringConverter', 'header_converter'],
  ] as const)('%s as %s', (name, kind) => {
    const d = registry.resolve(name, [kind]);
    expect(d.kind).toBe(kind);
    const instance = d.create() as { configure: unknown };
    expect(typeof instance.configure).toBe('function');
  });

  it('suggests the right class for a typo', () => {
    expect(() => registry.resolve('org.apache.kafka.connect.json.JsonConvertr', ['converter'])).toThrow(
      /Did you mean: org\.apache\.kafka\.connect\.json\.JsonConverter/,
    );
  });
});
