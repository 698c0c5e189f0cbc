import { describe, expect, it } from 'vitest';
import { ConfigError, ConnectDate, Headers, Schemas, newRecord } from '../../../src/api/index.js';
import { JavaDateFormat } from '../../../transforms/support/java-date-format.js';
import { alice, person, sink, source, transform } from './transform-test-kit.js';

describe('RegexRouter', () => {
  it.each([
    ['(.*)-(.*)', '$2.$1', 'orders-eu', 'eu.orders'],
    ['dbserver1\\.inventory\\.(.*)', 'cdc_$1', 'dbserver1.inventory.customers', 'cdc_customers'],
    ['(?<t>.*)', 'x-${t}', 'orders', 'x-orders'],
    ['orders', 'o\\$1', 'orders', 'o$1'],
    ['ord', 'x', 'orders', 'orders'],
    ['(?i)ORDERS', 'all', 'orders', 'all'],
    ['\\Qa.b\\E', 'lit', 'a.b', 'lit'],
    ['\\Qa.b\\E', 'lit', 'axb', 'axb'],
  ])('%s → %s maps %s to %s (whole-name match)', async (regex, replacement, topic, expected) => {
    const t = await transform('org.apache.kafka.connect.transforms.RegexRouter', { regex, replacement });
    const rec = sink({ topic, value: 1 });
    const out = t.apply(rec)!;
    expect(out.topic).toBe(expected);
    if (expected === topic) expect(out).toBe(rec);
    expect(rec.topic).toBe(topic);
  });

  it('rejects invalid regexes and group references', async () => {
    await expect(transform('RegexRouter', { regex: '(', replacement: 'x' })).rejects.toThrow(ConfigError);
    await expect(transform('RegexRouter', { regex: '(a)', replacement: '$2' })).rejects.toThrow(/No group 2/);
    await expect(transform('RegexRouter', { regex: 'a' })).rejects.toThrow(/replacement/);
  });
});

describe('TimestampRouter', () => {
  const ts = Date.UTC(2024, 0, 31, 23, 59, 58, 7);
  it.each([
    [{}, 'orders-20240131'],
    [{ 'topic.format': 'ts_${timestamp}_${topic}', 'timestamp.format': 'yyyy-MM-dd HH:mm:ss.SSS' }, 'ts_2024-01-31 23:59:58.007_orders'],
    [{ 'timestamp.format': "yyyy'w'ww" }, null],
    [{ 'timestamp.format': "yy-M-d'T'h a" }, 'orders-24-1-31T11 PM'],
  ])('%j → %s', async (cfg, expected) => {
    if (expected === null) {
      await expect(transform('TimestampRouter', cfg)).rejects.toThrow(/Illegal pattern character 'w'/);
      return;
    }
    const t = await transform('org.apache.kafka.connect.transforms.TimestampRouter', cfg);
    expect(t.apply(sink({ timestamp: ts }))!.topic).toBe(expected);
  });

  it('reuses the formatted timestamp only within its resolution (day, hour…)', async () => {
    const daily = await transform('TimestampRouter', {});
    const day = Date.UTC(2024, 0, 31, 23, 59, 59, 999);
    expect(daily.apply(sink({ timestamp: day }))!.topic).toBe('orders-20240131');
    expect(daily.apply(sink({ timestamp: day + 1 }))!.topic).toBe('orders-20240201');
    expect(daily.apply(sink({ topic: 'pay', timestamp: day + 2 }))!.topic).toBe('pay-20240201');
    const hourly = await transform('TimestampRouter', { 'timestamp.format': 'yyyyMMddHH', 'topic.format': '${topic}' });
    expect(hourly.apply(sink({ timestamp: Date.UTC(2024, 0, 1, 5, 59) }))!.topic).toBe('orders');
    const hourly2 = await transform('TimestampRouter', { 'timestamp.format': 'HH' , 'topic.format': 'h${timestamp}' });
    expect(hourly2.apply(sink({ timestamp: Date.UTC(2024, 0, 1, 5, 59, 59, 999) }))!.topic).toBe('h05');
    expect(hourly2.apply(sink({ timestamp: Date.UTC(2024, 0, 1, 6) }))!.topic).toBe('h06');
  });

  it('raises for a record without a timestamp', async () => {
    const t = await transform('TimestampRouter', { 'transform.alias': 'daily' });
    expect(() => t.apply(sink({ timestamp: null }))).toThrow(/'daily'.*Timestamp missing/);
  });
});

describe('JavaDateFormat', () => {
  it.each([
    ['yyyy-MM-dd', '2024-02-29', Date.UTC(2024, 1, 29)],
    ['yyyyMMddHHmmss', '20240229123456', Date.UTC(2024, 1, 29, 12, 34, 56)],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2024-02-29T12:34:56.789+02:00', Date.UTC(2024, 1, 29, 10, 34, 56, 789)],
    ['dd MMM yyyy', '05 Mar 2021', Date.UTC(2021, 2, 5)],
    ['HH:mm', '07:30', Date.UTC(1970, 0, 1, 7, 30)],
  ])('%s parses %s', (pattern, text, ms) => {
    const f = new JavaDateFormat(pattern);
    expect(f.parse(text).getTime()).toBe(ms);
  });

  it('formats in UTC and refuses text that does not match', () => {
    expect(new JavaDateFormat("EEE, d MMM yyyy HH:mm:ss Z").format(new Date(Date.UTC(2001, 6, 4, 12, 8, 56)))).toBe('Wed, 4 Jul 2001 12:08:56 +0000');
    expect(() => new JavaDateFormat('yyyy-MM-dd').parse('2024/01/01')).toThrow(/Unparseable date/);
  });
});

describe('Filter', () => {
  it('drops every record', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.Filter');
    expect(t.apply(sink({ value: 1 }))).toBeNull();
    expect(t.apply(source({ value: null }))).toBeNull();
  });
});

describe('InsertHeader', () => {
  it.each([
    ['hello', 'hello', Schemas.STRING],
    ['42', 42, Schemas.INT8],
    ['40000', 40000, Schemas.INT32],
    ['9007199254740993', 9007199254740993n, Schemas.INT64],
    ['1.5', 1.5, Schemas.FLOAT32],
    ['0.1', 0.1, Schemas.FLOAT32],
    ['2.0', 2, Schemas.INT8],
    ['1e3', 1000, Schemas.INT16],
    ['1e300', 1e300, Schemas.FLOAT64],
    ['true', true, Schemas.BOOLEAN],
    ['2024-01-02', new Date(Date.UTC(2024, 0, 2)), ConnectDate.SCHEMA],
  ])('adds a header from literal %s', async (literal, value, schema) => {
    const t = await transform('org.apache.kafka.connect.transforms.InsertHeader', { header: 'h', 'value.literal': literal });
    const rec = sink({ value: 1, headers: [{ key: 'a', value: 'x' }] });
    const out = t.apply(rec)!;
    expect(out.headers.lastWithName('h')).toEqual({ key: 'h', value, schema });
    expect(out.headers.size).toBe(2);
    expect(rec.headers.size).toBe(1);
  });

  it("accepts an empty literal (an empty string header), as Kafka's NonNullValidator does", async () => {
    const t = await transform('InsertHeader', { header: 'h', 'value.literal': '' });
    expect(t.apply(sink())!.headers.lastWithName('h')).toEqual({ key: 'h', value: '', schema: Schemas.STRING });
  });

  it('requires header and value.literal', async () => {
    await expect(transform('InsertHeader', { header: 'h' })).rejects.toThrow(ConfigError);
    await expect(transform('InsertHeader', { 'value.literal': 'v' })).rejects.toThrow(ConfigError);
  });
});

describe('DropHeaders', () => {
  it('removes every header with a listed key and keeps the rest in order', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.DropHeaders', { headers: 'a,c' });
    const rec = sink({ headers: [{ key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'a', value: 3 }, { key: 'c', value: 4 }, { key: 'd', value: 5 }] });
    const out = t.apply(rec)!;
    expect(out.headers.toArray().map((h) => h.key)).toEqual(['b', 'd']);
    expect(rec.headers.size).toBe(5);
    const none = sink({ headers: [{ key: 'z', value: 1 }] });
    expect(t.apply(none)).toBe(none);
  });

  it('requires a non-empty list', async () => {
    await expect(transform('DropHeaders', { headers: '' })).rejects.toThrow(ConfigError);
  });
});

describe('HeaderFrom', () => {
  it.each(['copy', 'move'] as const)('%ss struct fields into headers with their schemas', async (operation) => {
    const t = await transform('org.apache.kafka.connect.transforms.HeaderFrom$Value', { fields: 'id,age', headers: 'x-id,x-age', operation });
    const out = t.apply(sink({ valueSchema: person, value: { id: 1, name: 'a', age: null } }))!;
    expect(out.headers.lastWithName('x-id')).toEqual({ key: 'x-id', value: 1, schema: Schemas.INT32 });
    expect(out.headers.lastWithName('x-age')!.value).toBe(18);
    if (operation === 'copy') {
      expect(out.valueSchema).toBe(person);
      expect(out.value).toEqual({ id: 1, name: 'a', age: null });
    } else {
      expect(out.valueSchema!.fields!.map((f) => f.name)).toEqual(['name']);
      expect(out.value).toEqual({ name: 'a' });
    }
  });

  it('moves schemaless key fields into schemaless headers', async () => {
    const t = await transform('HeaderFrom$Key', { fields: 'k', headers: 'hk', operation: 'move' });
    const out = t.apply(sink({ key: { k: 'v', other: 1 } }))!;
    expect(out.key).toEqual({ other: 1 });
    expect(out.headers.lastWithName('hk')).toEqual({ key: 'hk', value: 'v', schema: null });
  });

  it('validates config and raises for a missing field', async () => {
    await expect(transform('HeaderFrom$Value', { fields: 'a,b', headers: 'h', operation: 'copy' })).rejects.toThrow(/same number of elements/);
    await expect(transform('HeaderFrom$Value', { fields: 'a', headers: 'h', operation: 'swap' })).rejects.toThrow(ConfigError);
    await expect(transform('HeaderFrom$Value', { fields: '', headers: '', operation: 'copy' })).rejects.toThrow(ConfigError);
    const t = await transform('HeaderFrom$Value', { fields: 'nope', headers: 'h', operation: 'copy', 'transform.alias': 'hf' });
    expect(() => t.apply(sink({ valueSchema: person, value: alice }))).toThrow(/'hf' failed on field 'nope'/);
    expect(() => t.apply(sink({ value: null }))).toThrow(/found: null/);
  });
});

describe('SetSchemaMetadata', () => {
  it('sets name and/or version, keeps the value, caches the schema', async () => {
    const t = await transform('org.apache.kafka.connect.transforms.SetSchemaMetadata$Value', { 'schema.name': 'com.acme.User', 'schema.version': '7' });
    const rec = sink({ valueSchema: person, value: alice });
    const out = t.apply(rec)!;
    expect(out.valueSchema).toMatchObject({ name: 'com.acme.User', version: 7, type: 'struct' });
    expect(out.valueSchema!.fields).toBe(person.fields);
    expect(out.value).toBe(alice);
    expect(t.apply(newRecord(rec, { value: { ...alice } }))!.valueSchema).toBe(out.valueSchema);
    expect(person.name).toBe('Person');
    const onlyVersion = await transform('SetSchemaMetadata$Key', { 'schema.version': 3 });
    expect(onlyVersion.apply(sink({ keySchema: Schemas.STRING, key: 'k' }))!.keySchema).toEqual({ type: 'string', optional: false, version: 3 });
  });

  it('needs a name or version, and a schema on the record', async () => {
    await expect(transform('SetSchemaMetadata$Value', {})).rejects.toThrow(/Neither schema name nor version configured/);
    const t = await transform('SetSchemaMetadata$Value', { 'schema.name': 'x' });
    expect(() => t.apply(sink({ value: { a: 1 } }))).toThrow(/Schema required/);
  });

  it('keeps headers untouched when copying records', () => {
    const h = new Headers([{ key: 'a', value: 1 }]);
    expect(sink({ headers: h.toArray() as never }).headers.size).toBe(1);
  });
});
