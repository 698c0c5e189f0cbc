/** The records both the crashing child and the test use: 64 KiB byte values, deterministic per offset. */
import { sinkRecord, type SinkRecord } from '../../../../src/api/index.js';

export const CRASH_TOPIC = 'crash';

export function crashRecords(partition: number, from: number, to: number): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (let o = from; o < to; o++) {
    const value = Buffer.alloc(64 * 1024, 0);
    value.write(`p${partition}o${o};`);
    value.fill(97 + ((o + partition) % 26), 16);
    out.push(sinkRecord({ topic: CRASH_TOPIC, kafkaPartition: partition, kafkaOffset: o, value, timestamp: 1_700_000_000_000 + o }));
  }
  return out;
}
