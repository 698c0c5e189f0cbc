/**
 * Logical decoding messages (`pg_logical_emit_message`, op=m) as Debezium writes them: topic
 * `<prefix>.message`, MessageKey/MessageValue schemas, transactional messages inside their transaction,
 * non-transactional ones on their own, prefix filters, and offsets that neither lose nor repeat them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validateValue, type SourceRecord } from '../../../../src/api/index.js';
import { withPostgres } from '../../../support/postgres.js';
import { cdcProps, confirmedFlush } from './pg-props.js';
import { MapOffsetStore, TaskHarness, waitUntil } from './task-harness.js';

type MessageValue = {
  op: string;
  ts_ms: number;
  source: { txId: number | null; lsn: number; schema: string; table: string; snapshot: string; db: string };
  transaction: { id: string; total_order: number; data_collection_order: number } | null;
  message: { prefix: string; content: Buffer | string };
};
const msg = (r: SourceRecord) => r.value as MessageValue;

describe('postgres-cdc: logical decoding messages', () => {
  const pg = withPostgres();
  const running: TaskHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });

  async function streaming(slot: string, extra: Record<string, string> = {}, store = new MapOffsetStore()): Promise<TaskHarness> {
    const h = await new TaskHarness(cdcProps(pg(), slot, { 'snapshot.mode': 'no_data', 'table.include.list': 'public.m.*', ...extra }), store).start();
    running.push(h);
    await waitUntil(() => h.task.phase === 'streaming', 'streaming');
    return h;
  }

  it('emits transactional and non-transactional messages with Debezium\'s key, value and source', async () => {
    await pg().query('CREATE TABLE m1 (id int PRIMARY KEY)');
    const h = await streaming('msg1');
    await pg().query(`BEGIN; INSERT INTO m1 VALUES (1); SELECT pg_logical_emit_message(true, 'audit', 'who=alice'); INSERT INTO m1 VALUES (2); COMMIT;`);
    await pg().query(`SELECT pg_logical_emit_message(false, 'ping', E'\\\\x00ff10'::bytea)`);
    const recs = await h.pollFor(4);
    expect(recs.map((r) => r.topic)).toEqual(['dbserver1.public.m1', 'dbserver1.message', 'dbserver1.public.m1', 'dbserver1.message']);

    const tx = recs[1]!;
    expect(tx.keySchema?.name).toBe('io.debezium.connector.postgresql.MessageKey');
    expect(tx.key).toEqual({ prefix: 'audit' });
    expect(tx.valueSchema?.name).toBe('io.debezium.connector.postgresql.MessageValue');
    expect(tx.valueSchema?.fields?.map((f) => f.name)).toEqual(['op', 'ts_ms', 'source', 'transaction', 'message']);
    expect(tx.valueSchema?.fields?.[4]!.schema.name).toBe('io.debezium.connector.postgresql.Message');
    validateValue(tx.keySchema!, tx.key);
    validateValue(tx.valueSchema!, tx.value);
    const tv = msg(tx);
    expect(tv.op).toBe('m');
    expect(tv.message.prefix).toBe('audit');
    expect(Buffer.from(tv.message.content as Buffer).toString()).toBe('who=alice');
    const rowTxId = (recs[0]!.value as { source: { txId: number } }).source.txId;
    expect(tv.source).toMatchObject({ txId: rowTxId, schema: '', table: '', snapshot: 'false', db: pg().database });
    expect(tv.source.lsn).toBeGreaterThan(0);
    expect(tx.sourceOffset).toMatchObject({ txId: rowTxId, tx_events: 2, messageType: 'MESSAGE' });
    expect(recs[2]!.sourceOffset).toMatchObject({ tx_events: 3 });

    const ntx = recs[3]!;
    validateValue(ntx.valueSchema!, ntx.value);
    const nv = msg(ntx);
    expect(ntx.key).toEqual({ prefix: 'ping' });
    expect([...(nv.message.content as Buffer)]).toEqual([0x00, 0xff, 0x10]);
    expect(nv.source.txId).toBeNull();
    expect(nv.transaction).toBeNull();
    expect(ntx.sourceOffset!.txId).toBeUndefined();
    // A non-transactional message completes at its own LSN.
    expect(ntx.sourceOffset!.lsn_commit).toBe(ntx.sourceOffset!.lsn);
    expect(ntx.sourceOffset!.lsn).toBe(nv.source.lsn);

    // Committing it acknowledges the slot past it.
    await h.commit(recs);
    await waitUntil(async () => (await confirmedFlush(pg(), 'msg1')) >= BigInt(nv.source.lsn), 'the slot to pass the message');
  });

  it('puts transactional messages into the transaction metadata', async () => {
    await pg().query('CREATE TABLE m2 (id int PRIMARY KEY)');
    const h = await streaming('msg2', { 'provide.transaction.metadata': 'true' });
    await pg().query(`BEGIN; INSERT INTO m2 VALUES (1); SELECT pg_logical_emit_message(true, 'a', 'x'); COMMIT;`);
    const recs = await h.pollFor(4);
    expect(recs.map((r) => r.topic)).toEqual(['dbserver1.transaction', 'dbserver1.public.m2', 'dbserver1.message', 'dbserver1.transaction']);
    const begin = recs[0]!.value as { id: string };
    expect(msg(recs[2]!).transaction).toEqual({ id: begin.id, total_order: 2, data_collection_order: 1 });
    expect(recs[3]!.value).toMatchObject({
      status: 'END', event_count: 2,
      data_collections: [{ data_collection: 'public.m2', event_count: 1 }, { data_collection: 'LOGICAL_DECODING_MESSAGE', event_count: 1 }],
    });
  });

  it('applies message.prefix.include.list and message.prefix.exclude.list', async () => {
    const emit = async () => {
      for (const p of ['included_prefix', 'excluded_prefix', 'prefix:excluded', 'prefix:included', 'another_included']) {
        await pg().query(`SELECT pg_logical_emit_message(false, '${p}', 'content')`);
      }
      await pg().query(`SELECT pg_logical_emit_message(false, 'end', 'marker')`);
    };
    const prefixes = (recs: SourceRecord[]) => recs.map((r) => (r.key as { prefix: string }).prefix);

    const inc = await streaming('msg3', { 'message.prefix.include.list': 'included_prefix, prefix:included, ano.*er_included, end' });
    await emit();
    expect(prefixes(await inc.pollFor(4))).toEqual(['included_prefix', 'prefix:included', 'another_included', 'end']);
    await inc.stop();
    running.splice(0);

    const exc = await streaming('msg4', { 'message.prefix.exclude.list': 'excluded_prefix, prefix:excluded' });
    await emit();
    expect(prefixes(await exc.pollFor(4))).toEqual(['included_prefix', 'prefix:included', 'another_included', 'end']);
    expect(await exc.pollQuiet(500)).toEqual([]);
  });

  it('encodes the content per binary.handling.mode', async () => {
    const h = await streaming('msg5', { 'binary.handling.mode': 'base64' });
    await pg().query(`SELECT pg_logical_emit_message(false, 'b', E'\\\\xfbff'::bytea)`);
    const [r] = await h.pollFor(1);
    validateValue(r!.valueSchema!, r!.value);
    expect(msg(r!).message.content).toBe('+/8=');
  });

  it('restarts after committed messages without repeating or losing any', async () => {
    await pg().query('CREATE TABLE m6 (id int PRIMARY KEY)');
    const store = new MapOffsetStore();
    const a = await streaming('msg6', {}, store);
    await pg().query(`SELECT pg_logical_emit_message(false, 'n', '1')`);
    await pg().query(`BEGIN; SELECT pg_logical_emit_message(true, 't', '2'); INSERT INTO m6 VALUES (3); SELECT pg_logical_emit_message(true, 't', '4'); COMMIT;`);
    await pg().query(`SELECT pg_logical_emit_message(false, 'n', '5')`);
    const label = (r: SourceRecord) => (r.topic === 'dbserver1.message' ? Buffer.from(msg(r).message.content as Buffer).toString() : String((r.key as { id: number }).id));
    const first = await a.pollFor(5);
    expect(first.map(label)).toEqual(['1', '2', '3', '4', '5']);
    await a.commit(first.slice(0, 2)); // the non-transactional message and the first event of the transaction
    await a.stop();
    running.splice(0);

    const b = await streaming('msg6', {}, store);
    const rest = await b.pollFor(3);
    expect(rest.map(label)).toEqual(['3', '4', '5']);
    await b.commit(rest);
    await b.stop();
    running.splice(0);

    // Everything committed, the last thing a non-transactional message: nothing comes back.
    const c = await streaming('msg6', {}, store);
    await pg().query(`SELECT pg_logical_emit_message(false, 'n', '6')`);
    expect((await c.pollFor(1)).map(label)).toEqual(['6']);
    expect(await c.pollQuiet(500)).toEqual([]);
  });
});
