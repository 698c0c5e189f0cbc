/**
 * Tracks the records a source task sent, per source partition in submission order, so an offset is committed
 * only when it and every record before it (in that partition) was acknowledged by Kafka (Kafka Connect's
 * SubmittedRecords). Records without a source partition/offset count toward in-flight, never toward offsets.
 */
import type { SourceOffset, SourcePartition } from '../../api/records.js';

export class SubmittedRecord {
  acked = false;
  constructor(
    readonly deque: PartitionDeque | null,
    readonly offset: SourceOffset | null,
  ) {}
}

class PartitionDeque {
  readonly entries: SubmittedRecord[] = [];
  head = 0;
  constructor(readonly partition: SourcePartition) {}
  get size(): number {
    return this.entries.length - this.head;
  }
}

export interface CommittableOffsets {
  /** offsetKey-independent map: partition JSON → { partition, offset } (the newest committable offset). */
  readonly offsets: Map<string, { partition: SourcePartition; offset: SourceOffset | null }>;
  /** Acked records whose offsets this commit covers. */
  readonly committable: number;
  /** Records still waiting for an ack (blocking later offsets of their partition). */
  readonly uncommittable: number;
}

export class SubmittedRecords {
  readonly #byPartition = new Map<string, PartitionDeque>();
  #unacked = 0;

  /** Records sent but not yet acknowledged (the in-flight count backpressure is based on). */
  get inFlight(): number {
    return this.#unacked;
  }

  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord {
    this.#unacked++;
    if (partition === null || partition === undefined) return new SubmittedRecord(null, offset);
    const key = JSON.stringify(partition);
    let d = this.#byPartition.get(key);
    if (d === undefined) this.#byPartition.set(key, (d = new PartitionDeque(partition)));
    const rec = new SubmittedRecord(d, offset);
    d.entries.push(rec);
    return rec;
  }

  /** Marks a record acknowledged (or dropped); idempotent. */
  ack(rec: SubmittedRecord): void {
    if (rec.acked) return;
    rec.acked = true;
    this.#unacked--;
  }

  /** Removes the acked prefix of every partition and returns the newest offset in each prefix. */
  committableOffsets(): CommittableOffsets {
    const offsets = new Map<string, { partition: SourcePartition; offset: SourceOffset | null }>();
    let committable = 0;
    let uncommittable = 0;
    for (const [key, d] of this.#byPartition) {
      const e = d.entries;
      let i = d.head;
      let last: SubmittedRecord | undefined;
      while (i < e.length && e[i]!.acked) last = e[i++];
      committable += i - d.head;
      d.head = i;
      uncommittable += e.length - i;
      if (last !== undefined) offsets.set(key, { partition: d.partition, offset: last.offset });
      if (d.head === e.length) this.#byPartition.delete(key);
      else if (d.head > 1024 && d.head * 2 > e.length) {
        e.splice(0, d.head); // compact now and then, not per record
        d.head = 0;
      }
    }
    return { offsets, committable, uncommittable };
  }
}
