/** `POST /preview` over real HTTP: each record after every stage, and the error a failing stage raised. */
import { describe, expect, it } from 'vitest';
import { withRestWorker } from './rest-harness.js';

const { http } = withRestWorker();

const chain = {
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  transforms: 'insert,route,cast',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'origin',
  'transforms.insert.static.value': 'preview',
  'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
  'transforms.route.regex': '(.*)',
  'transforms.route.replacement': '$1-copy',
  'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
  'transforms.cast.spec': 'age:int32',
};

describe('POST /preview', () => {
  it('sink direction: converters then each SMT; a failing stage reports its error and stops the record', async () => {
    const r = await http('POST', '/preview', {
      config: chain,
      records: [
        { topic: 'users', key: 'k1', value: { name: 'ann', age: '42' }, headers: { h: 'v' } },
        { topic: 'users', key: 'k2', value: { name: 'bob', age: 'old' } },
      ],
    });
    expect(r.status).toBe(200);
    const [ok, bad] = r.body.records;
    expect(ok.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'key.converter', 'value.converter', 'header.converter', 'transforms.insert', 'transforms.route', 'transforms.cast',
    ]);
    expect(ok.stages[0].record).toMatchObject({ topic: 'users', key: 'k1', value: null });
    expect(ok.stages[1].record.value).toEqual({ name: 'ann', age: '42' });
    expect(ok.stages[2].record.headers).toEqual([{ key: 'h', schema: expect.anything(), value: 'v' }]);
    expect(ok.stages[3]).toMatchObject({ class: 'org.apache.kafka.connect.transforms.InsertField$Value', record: { value: { name: 'ann', age: '42', origin: 'preview' } } });
    expect(ok.stages[4].record.topic).toBe('users-copy');
    expect(ok.stages[5].record.value).toEqual({ name: 'ann', age: 42, origin: 'preview' });
    expect(ok).toMatchObject({ failed: false, output: { topic: 'users-copy', key: 'k1', value: { name: 'ann', age: 42, origin: 'preview' } } });

    expect(bad.failed).toBe(true);
    expect(bad.output).toBeNull();
    const last = bad.stages.at(-1);
    expect(last.stage).toBe('transforms.cast');
    expect(last.record).toBeUndefined();
    expect(last.error).toEqual({ class: expect.any(String), message: expect.stringMatching(/old|int32|cast/i) });
    expect(bad.stages.slice(0, -1).every((s: { error?: unknown }) => s.error === undefined)).toBe(true);
  });

  it('a converter error is reported at its stage', async () => {
    const r = await http('POST', '/preview', { config: chain, records: [{ value: '{not json' }] });
    expect(r.status).toBe(200);
    const [rec] = r.body.records;
    expect(rec.stages.map((s: { stage: string }) => s.stage)).toEqual(['key.converter', 'value.converter']);
    expect(rec.stages[1].error.message).toBeTruthy();
  });

  it('source direction: SMTs on Connect data, then the converters give the bytes', async () => {
    const r = await http('POST', '/preview', {
      direction: 'source',
      config: { ...chain, transforms: 'insert' },
      records: [{ topic: 't', key: 'k', value: { n: 1 } }],
    });
    expect(r.status).toBe(200);
    const [rec] = r.body.records;
    expect(rec.stages.map((s: { stage: string }) => s.stage)).toEqual(['transforms.insert', 'key.converter', 'value.converter', 'header.converter']);
    expect(rec.output).toEqual({ topic: 't', partition: null, timestamp: null, key: 'k', value: '{"n":1,"origin":"preview"}', headers: [] });
  });

  it('400 for a pipeline that cannot be built or a malformed request', async () => {
    const unknown = await http('POST', '/preview', { config: { transforms: 'x', 'transforms.x.type': 'NoSuchSmt' }, records: [{ value: '1' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/NoSuchSmt/);
    expect((await http('POST', '/preview', { config: {} })).status).toBe(400);
    expect((await http('POST', '/preview', { config: {}, records: [] })).status).toBe(400);
    expect((await http('POST', '/preview', { config: {}, records: [{}], direction: 'sideways' })).status).toBe(400);
    expect((await http('POST', '/preview', '{')).status).toBe(400);
  });
});
