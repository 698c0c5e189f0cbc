import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/api/errors.js';
import { loadConnectorFile, parseConnectorJson } from '../../../src/config/connector-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trib-connector-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('connector files', () => {
  it('reads a create-request JSON file and injects name into config', async () => {
    const path = join(dir, 'pg.json');
    await writeFile(path, JSON.stringify({
      name: 'pg-sink',
      config: { 'connector.class': 'JdbcSink', 'tasks.max': 2, 'auto.create': true, 'batch.ratio': 0.5, topics: ['a', 'b'], gone: null },
      initial_state: 'paused',
    }));
    expect(await loadConnectorFile(path)).toEqual({
      name: 'pg-sink',
      config: { 'connector.class': 'JdbcSink', 'tasks.max': '2', 'auto.create': 'true', 'batch.ratio': '0.5', topics: 'a,b', name: 'pg-sink' },
      initialState: 'PAUSED',
    });
  });

  it('reads a flat JSON map', async () => {
    const path = join(dir, 'flat.JSON');
    await writeFile(path, '{"name":"src","connector.class":"FileStreamSource","file":"/tmp/in.txt"}');
    expect(await loadConnectorFile(path)).toEqual({
      name: 'src',
      config: { name: 'src', 'connector.class': 'FileStreamSource', file: '/tmp/in.txt' },
    });
  });

  it('reads a .properties file', async () => {
    const path = join(dir, 'src.properties');
    await writeFile(path, '# sample\nname=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\n');
    expect(await loadConnectorFile(path)).toEqual({
      name: 'local-file-source',
      config: { name: 'local-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1' },
    });
  });

  it.each([
    ['name mismatch', '{"name":"a","config":{"name":"b"}}', /doesn't match the one specified in 'name'/],
    ['no name', '{"connector.class":"X"}', /has no "name"/],
    ['nested object value', '{"name":"a","config":{"x":{"y":1}}}', /value of "x" must be a string, number or boolean/],
    ['not JSON', '{name:', /is not valid JSON/],
    ['array document', '[]', /must be a JSON object/],
    ['bad initial_state', '{"name":"a","config":{},"initial_state":"gone"}', /initial_state must be one of RUNNING, PAUSED, STOPPED/],
  ])('rejects %s', (_why, text, message) => {
    expect(() => parseConnectorJson(text, 'at test')).toThrow(ConfigError);
    expect(() => parseConnectorJson(text, 'at test')).toThrow(message);
  });
});
