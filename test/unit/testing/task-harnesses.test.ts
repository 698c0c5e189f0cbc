/** The single-plugin harnesses of tributary/testing, driving small plugins written here and built-ins. */
import { describe, expect, it } from 'vitest';
import {
  DataError, SinkTask, SourceTask, Schemas, newRecord, sinkRecord, sourceRecord,
  type ConnectRecord, type ConnectorProps, type SinkRecord, type SourceRecord, type TopicPartitionOffsets,
} from 'tributary';
import {
  MapOffsetStorageReader, SinkTaskHarness, SourceTaskHarness, applyTransform, configureConverter, roundTrip, waitUntil,
} from 'tributary/testing';
import { JsonConverter } from '../../../converters/json-converter.js';

/** Emits n, n+1, … two per poll, resuming after the committed offset. */
class CounterTask extends SourceTask {
  #next = 0;
  commits = 0;
  version() { return '1'; }
  async start(props: ConnectorProps) {
    const last = await this.context.offsetStorageReader.offset({ counter: props.name ?? 'c' });
    this.#next = typeof last?.n === 'number' ? last.n + 1 : 0;
  }
  async poll(): Promise<SourceRecord[]> {
    const out = [0, 1].map((i) => sourceRecord({
      topic: 'counts', value: this.#next + i, valueSchema: Schemas.INT64,
      sourcePartition: { counter: 'c' }, sourceOffset: { n: this.#next + i },
    }));
    this.#next += 2;
    return out;
  }
  override commit() { this.commits++; }
  stop() {}
}

/** Buffers in put, "writes" in flush; a value 'bad' goes to the errant-record reporter; 'slow' pauses. */
class BufferingSink extends SinkTask {
  buffered: SinkRecord[] = [];
  written: unknown[] = [];
  version() { return '1'; }
  start() {}
  async put(records: readonly SinkRecord[]) {
    for (const r of records) {
      if (r.value === 'bad') await this.context.errantRecordReporter()!(r, new DataError('bad value'));
      else if (r.value === 'slow') { this.context.pause({ topic: r.topic, partition: r.kafkaPartition }); this.context.requestCommit(); }
      else this.buffered.push(r);
    }
  }
  override flush(_offsets: TopicPartitionOffsets) {
    this.written.push(...this.buffered.map((r) => r.value));
    this.buffered = [];
  }
  stop() {}
}

const rec = (value: unknown, offset: number, partition = 0): SinkRecord =>
  sinkRecord({ topic: 'in', kafkaPartition: partition, kafkaOffset: offset, value, valueSchema: Schemas.OPTIONAL_STRING });

describe('SourceTaskHarness', () => {
  it('polls, commits offsets to the Map reader, and a second run resumes from them', async () => {
    const offsets = new MapOffsetStorageReader();
    const first = await SourceTaskHarness.start(CounterTask, { name: 'c' }, { offsets });
    await first.pollUntil(3);
    expect(first.records.map((r) => r.value)).toEqual([0, 1, 2, 3]);
    expect(first.task.commits).toBe(2);
    await first.stop();
    expect(offsets.entries()).toEqual([{ partition: { counter: 'c' }, offset: { n: 3 } }]);

    const second = await SourceTaskHarness.start(new CounterTask(), { name: 'c' }, { offsets });
    expect((await second.poll()).map((r) => r.value)).toEqual([4, 5]);
    await second.stop();
  });

  it('compares source partitions by content, not key order', async () => {
    const reader = new MapOffsetStorageReader([[{ a: 1, b: 'x' }, { pos: 9 }]]);
    expect(await reader.offset({ b: 'x', a: 1 })).toEqual({ pos: 9 });
    expect(await reader.offset({ a: 2, b: 'x' })).toBeNull();
  });
});

describe('SinkTaskHarness', () => {
  it('commits only after flush, next offsets per partition, and records context calls', async () => {
    const h = await SinkTaskHarness.start(BufferingSink, { topics: 'in' }, { errantRecordTolerance: 'all' });
    await h.put([rec('a', 0), rec('b', 1), rec('bad', 2), rec('c', 7, 1)]);
    expect(h.task.written).toEqual([]);
    expect(await h.commit()).toEqual([
      { topic: 'in', partition: 0, offset: 3 },
      { topic: 'in', partition: 1, offset: 8 },
    ]);
    expect(h.task.written).toEqual(['a', 'b', 'c']);
    expect(h.reported.map((r) => [r.record.kafkaOffset, r.error.message])).toEqual([[2, 'bad value']]);
    expect(h.context.assignment()).toEqual([{ topic: 'in', partition: 0 }, { topic: 'in', partition: 1 }]);

    await h.put([rec('slow', 3)]);
    expect(h.context.paused()).toEqual([{ topic: 'in', partition: 0 }]);
    expect(h.context.commitRequests).toBe(1);
    await h.stop();
  });

  it('with tolerance none the errant-record reporter rejects, failing put', async () => {
    const h = await SinkTaskHarness.start(BufferingSink, {}, { errantRecordTolerance: 'none' });
    await expect(h.put([rec('bad', 0)])).rejects.toThrow('bad value');
    expect(h.reported).toEqual([]);
  });
});

describe('applyTransform', () => {
  const upper = {
    configure() {},
    apply: (r: ConnectRecord) => (r.value === 'drop' ? null : newRecord(r, { value: String(r.value).toUpperCase() })),
    config: () => { throw new Error('unused'); },
    close() {},
  };

  it('applies to each record in order, null for dropped ones', () => {
    const out = applyTransform(upper, {}, [rec('a', 0), rec('drop', 1), rec('c', 2)]);
    expect(out.map((r) => r?.value ?? null)).toEqual(['A', null, 'C']);
  });

  it('freezes inputs, so a transform that mutates its input fails', () => {
    const mutating = { ...upper, apply: (r: ConnectRecord) => { (r as { value: unknown }).value = 'x'; return r; } };
    expect(() => applyTransform(mutating, {}, [rec('a', 0)])).toThrow(TypeError);
  });
});

describe('converter harness', () => {
  it('round-trips Connect data through a configured converter', () => {
    const json = configureConverter(new JsonConverter(), { 'schemas.enable': 'false' });
    const { bytes, back } = roundTrip(json, 't', null, { id: 1, name: 'a' });
    expect(new TextDecoder().decode(bytes!)).toBe('{"id":1,"name":"a"}');
    expect(back.value).toEqual({ id: 1, name: 'a' });
  });
});

describe('waitUntil', () => {
  it('resolves once the condition holds and names the last state when it times out', async () => {
    let n = 0;
    await waitUntil(() => ++n >= 3, 'three calls');
    expect(n).toBe(3);
    await expect(waitUntil(() => false, () => `n to change (last: ${n})`, 50)).rejects.toThrow(/timed out after 50 ms waiting for n to change \(last: 3\)/);
  });
});
