import { describe, expect, it } from 'vitest';
import { silentLogger, validateValue, type SourceRecord, type SourceTaskContext } from '../../../../src/api/index.js';
import { DatagenConnector, descriptors } from '../../../../connectors/datagen/index.js';
import { DatagenTask } from '../../../../connectors/datagen/datagen-task.js';
import { MemoryOffsetStore } from '../../../../src/storage/memory-offset-store.js';
import { StoreOffsetReader } from '../../../../src/storage/store-offset-reader.js';
import { offsetKey } from '../../../../src/storage/offset-key.js';

async function startTask(props: Record<string, string>, store = new MemoryOffsetStore()): Promise<DatagenTask> {
  const ctx: SourceTaskContext = {
    configs: () => props, offsetStorageReader: new StoreOffsetReader(store, 'dg'), transactionContext: () => null, log: silentLogger,
  };
  const task = new DatagenTask();
  task.initialize(ctx);
  await task.start(props);
  return task;
}

async function take(task: DatagenTask, n: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  while (out.length < n) out.push(...((await task.poll()) ?? []));
  return out.slice(0, n);
}

const base = { 'kafka.topic': 'demo', 'max.interval': '0', 'random.seed': '42' };

describe('datagen', () => {
  it.each(['users', 'orders', 'pageviews'])('%s: values match their schema and the key is the key field', async (quickstart) => {
    const task = await startTask({ ...base, quickstart });
    const records = await take(task, 200);
    const keyField = { users: 'userid', orders: 'orderid', pageviews: 'viewtime' }[quickstart]!;
    for (const r of records) {
      expect(() => validateValue(r.valueSchema!, r.value)).not.toThrow();
      expect(r.key).toBe((r.value as Record<string, unknown>)[keyField]);
      expect(r.keySchema!.type).toBe(r.valueSchema!.fields!.find((f) => f.name === keyField)!.schema.type);
      expect(r.topic).toBe('demo');
    }
    task.stop();
  });

  it('users look like Confluent\'s quickstart (User_[1-9], Region_[1-9], gender)', async () => {
    const task = await startTask({ ...base, quickstart: 'USERS' });
    for (const r of await take(task, 100)) {
      const v = r.value as Record<string, unknown>;
      expect(v['userid']).toMatch(/^User_[1-9]$/);
      expect(v['regionid']).toMatch(/^Region_[1-9]$/);
      expect(['MALE', 'FEMALE', 'OTHER']).toContain(v['gender']);
    }
  });

  it('is deterministic with random.seed, and a resumed task continues the same sequence', async () => {
    const a = await take(await startTask({ ...base, quickstart: 'orders' }), 50);
    const b = await take(await startTask({ ...base, quickstart: 'orders' }), 50);
    expect(b.map((r) => r.value)).toEqual(a.map((r) => r.value));
    const other = await take(await startTask({ ...base, quickstart: 'orders', 'random.seed': '43' }), 50);
    expect(other.map((r) => r.value)).not.toEqual(a.map((r) => r.value));

    expect(a[19]!.sourceOffset).toEqual({ 'task.generation': 0, 'task.id': 0, 'current.iteration': 20 });
    const store = new MemoryOffsetStore();
    await store.set(new Map([[offsetKey('dg', { 'task.id': 0 }), JSON.stringify(a[19]!.sourceOffset)]]));
    const resumed = await take(await startTask({ ...base, quickstart: 'orders' }, store), 30);
    expect(resumed.map((r) => r.value)).toEqual(a.slice(20).map((r) => r.value));
  });

  it('stops after iterations records', async () => {
    const task = await startTask({ ...base, quickstart: 'pageviews', iterations: '7', 'batch.size': '5' });
    expect((await task.poll())!.length).toBe(5);
    expect((await task.poll())!.length).toBe(2);
    const pending = task.poll();
    task.stop();
    expect(await pending).toBeNull();
  });

  it('max.interval paces single records', async () => {
    const task = await startTask({ ...base, quickstart: 'users', 'max.interval': '20' });
    const started = Date.now();
    const batches: number[] = [];
    for (let i = 0; i < 5; i++) batches.push((await task.poll())!.length);
    expect(batches).toEqual([1, 1, 1, 1, 1]);
    expect(Date.now() - started).toBeLessThan(2000);
    task.stop();
  });

  it('gives each task its own task.id', () => {
    const c = new DatagenConnector();
    c.start({ ...base, quickstart: 'users' });
    expect(c.taskConfigs(3).map((t) => t['task.id'])).toEqual(['0', '1', '2']);
  });

  it('validate reports bad quickstart and a key field the quickstart does not have', () => {
    const c = new DatagenConnector();
    const errs = (raw: Record<string, string>) => Object.fromEntries(c.validate(raw).map((v) => [v.name, v.errors]));
    expect(errs({ 'kafka.topic': 't', quickstart: 'nope' })['quickstart']![0]).toMatch(/must be one of \(case insensitive\): USERS, ORDERS, PAGEVIEWS/);
    expect(errs({ 'kafka.topic': 't', quickstart: 'users', 'schema.keyfield': 'zzz' })['schema.keyfield']![0]).toMatch(/not a field of the users quickstart/);
    expect(Object.values(errs({ 'kafka.topic': 't', quickstart: 'orders', 'schema.keyfield': 'itemid' })).flat()).toEqual([]);
  });

  it('is registered under Confluent\'s class name', () => {
    expect(descriptors[0]!.aliases).toContain('io.confluent.kafka.connect.datagen.DatagenConnector');
  });
});
