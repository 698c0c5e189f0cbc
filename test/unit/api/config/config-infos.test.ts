import { describe, expect, it } from 'vitest';
import { atLeast, defineConfig, oneOf } from '../../../../src/api/config/index.js';

const common = defineConfig({
  name: { type: 'string', importance: 'high', doc: 'Connector name.', group: 'Common', orderInGroup: 1, width: 'medium', displayName: 'Connector name' },
  'tasks.max': { type: 'int', default: 1, validator: atLeast(1), importance: 'high', doc: 'Maximum tasks.', group: 'Common', orderInGroup: 3, width: 'short', displayName: 'Tasks max' },
  'errors.tolerance': { type: 'string', default: 'none', validator: oneOf('none', 'all'), importance: 'medium', doc: 'Tolerance.', group: 'Error Handling', orderInGroup: 1, width: 'short', displayName: 'Error Tolerance' },
});
const plugin = defineConfig({
  'connection.password': { type: 'password', default: null, importance: 'high', doc: 'DB password.', group: 'Connection' },
  'poll.ratio': { type: 'double', default: 1, importance: 'low', doc: 'Ratio.' },
  'pk.fields': { type: 'list', default: ['id', 'ts'], importance: 'low', doc: 'Keys.' },
});
const def = common.merge(plugin);

describe('toConfigInfos', () => {
  it('produces Kafka Connect ConfigInfos for a bad config (exact JSON)', () => {
    const infos = def.toConfigInfos('io.confluent.connect.jdbc.JdbcSinkConnector', {
      'tasks.max': 'many',
      'errors.tolerance': 'some',
      'connection.password': 'hunter2',
    });
    expect(JSON.parse(JSON.stringify(infos))).toEqual({
      name: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      error_count: 4,
      groups: ['Common', 'Error Handling', 'Connection'],
      configs: [
        {
          definition: { name: 'name', type: 'STRING', required: true, default_value: null, importance: 'HIGH', documentation: 'Connector name.', group: 'Common', order: 1, width: 'MEDIUM', display_name: 'Connector name', dependents: [] },
          value: { name: 'name', value: null, recommended_values: [], errors: ['Missing required configuration "name" which has no default value.'], visible: true },
        },
        {
          definition: { name: 'tasks.max', type: 'INT', required: false, default_value: '1', importance: 'HIGH', documentation: 'Maximum tasks.', group: 'Common', order: 3, width: 'SHORT', display_name: 'Tasks max', dependents: [] },
          value: {
            name: 'tasks.max',
            value: null,
            recommended_values: [],
            errors: [
              'Invalid value many for configuration tasks.max: Not a number of type INT',
              'Invalid value null for configuration tasks.max: Value must be non-null',
            ],
            visible: true,
          },
        },
        {
          definition: { name: 'errors.tolerance', type: 'STRING', required: false, default_value: 'none', importance: 'MEDIUM', documentation: 'Tolerance.', group: 'Error Handling', order: 1, width: 'SHORT', display_name: 'Error Tolerance', dependents: [] },
          value: { name: 'errors.tolerance', value: 'some', recommended_values: [], errors: ['Invalid value some for configuration errors.tolerance: String must be one of: none, all'], visible: true },
        },
        {
          definition: { name: 'connection.password', type: 'PASSWORD', required: false, default_value: null, importance: 'HIGH', documentation: 'DB password.', group: 'Connection', order: -1, width: 'NONE', display_name: 'connection.password', dependents: [] },
          value: { name: 'connection.password', value: '[hidden]', recommended_values: [], errors: [], visible: true },
        },
        {
          definition: { name: 'poll.ratio', type: 'DOUBLE', required: false, default_value: '1.0', importance: 'LOW', documentation: 'Ratio.', group: null, order: -1, width: 'NONE', display_name: 'poll.ratio', dependents: [] },
          value: { name: 'poll.ratio', value: '1.0', recommended_values: [], errors: [], visible: true },
        },
        {
          definition: { name: 'pk.fields', type: 'LIST', required: false, default_value: 'id,ts', importance: 'LOW', documentation: 'Keys.', group: null, order: -1, width: 'NONE', display_name: 'pk.fields', dependents: [] },
          value: { name: 'pk.fields', value: 'id,ts', recommended_values: [], errors: [], visible: true },
        },
      ],
    });
    expect(JSON.stringify(infos)).not.toContain('hunter2');
  });

  it('reports out-of-range values and a clean config has error_count 0', () => {
    const bad = def.toConfigInfos('X', { name: 'c', 'tasks.max': '0' });
    expect(bad.error_count).toBe(1);
    expect(bad.configs[1]?.value).toEqual({
      name: 'tasks.max',
      value: '0',
      recommended_values: [],
      errors: ['Invalid value 0 for configuration tasks.max: Value must be at least 1'],
      visible: true,
    });
    expect(def.toConfigInfos('X', { name: 'c', 'tasks.max': '2' }).error_count).toBe(0);
  });

  it('appends extra groups once and applies recommenders', () => {
    const d = defineConfig({
      mode: { type: 'string', default: 'bulk', importance: 'high', doc: '', dependents: ['column'] },
      column: {
        type: 'string',
        default: '',
        importance: 'low',
        doc: '',
        recommender: {
          validValues: () => ['id', 'updated_at'],
          visible: (_n, parsed) => parsed['mode'] !== 'bulk',
        },
      },
    });
    const infos = d.toConfigInfos('Y', {}, ['Transforms', 'Transforms']);
    expect(infos.groups).toEqual(['Transforms']);
    expect(infos.configs[0]?.definition?.dependents).toEqual(['column']);
    expect(infos.configs[1]?.value).toEqual({ name: 'column', value: '', recommended_values: ['id', 'updated_at'], errors: [], visible: false });
  });
});

describe('merge / withPrefix / toMarkdown', () => {
  it('merge lets the later definition win and keeps order', () => {
    const over = defineConfig({ 'tasks.max': { type: 'int', default: 4, importance: 'low', doc: 'mine' } });
    const merged = common.merge(over);
    expect(merged.keys.map((k) => k.name)).toEqual(['name', 'tasks.max', 'errors.tolerance']);
    expect(merged.parse({ name: 'n' })['tasks.max']).toBe(4);
  });

  it('withPrefix renames keys and dependents', () => {
    const d = defineConfig({ a: { type: 'boolean', default: true, importance: 'low', doc: '', dependents: ['b'] }, b: { type: 'int', default: 1, importance: 'low', doc: '' } });
    const p = d.withPrefix('key.converter.');
    expect(p.keys.map((k) => [k.name, k.dependents])).toEqual([['key.converter.a', ['key.converter.b']], ['key.converter.b', []]]);
    expect(p.parse({ 'key.converter.a': 'false' })).toEqual({ 'key.converter.a': false, 'key.converter.b': 1 });
  });

  it('toMarkdown renders a table: required first, then importance, then name', () => {
    expect(def.toMarkdown()).toBe(
      [
        '| Key | Type | Default | Valid values | Importance | Description |',
        '|---|---|---|---|---|---|',
        '| `name` | string |  |  | high | Connector name. |',
        '| `connection.password` | password | null |  | high | DB password. |',
        '| `tasks.max` | int | `1` | [1,...] | high | Maximum tasks. |',
        '| `errors.tolerance` | string | `none` | [none, all] | medium | Tolerance. |',
        '| `pk.fields` | list | `id,ts` |  | low | Keys. |',
        '| `poll.ratio` | double | `1.0` |  | low | Ratio. |',
        '',
      ].join('\n'),
    );
  });
});
