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
    /** When it was submitted (ms), for the commit lag metric. */
    readonly at: number,
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
  /** Records with an offset not yet handed to a commit (for the commit lag metric). */
  #uncommitted = 0;
  /** The last partition object seen and its key: connectors mostly reuse one object, so no JSON per record. */
  #lastPartition: SourcePartition | null = null;
  #lastKey = '';

  /** Records sent but not yet acknowledged (the in-flight count backpressure is based on). */
  get inFlight(): number {
    return this.#unacked;
  }

  /** Records whose offsets no commit has covered yet (acknowledged or not). */
  get uncommitted(): number {
    return this.#uncommitted;
  }

  /** Submission time (ms) of the oldest record not yet covered by a commit, or null when there is none. */
  oldestUncommittedAt(): number | null {
    let oldest: number | null = null;
    for (const d of this.#byPartition.values()) {
      const r = d.entries[d.head];
      if (r !== undefined && (oldest === null || r.at < oldest)) oldest = r.at;
    }
    return oldest;
  }

  /** `at` is the submission time (ms; one clock read per batch is enough) — required: 0 would read as a 56-year commit lag. */
  submit(partition: SourcePartition | null, offset: SourceOffset | null, at: number): SubmittedRecord {
    this.#unacked++;
    if (partition === null || partition === undefined) return new SubmittedRecord(null, offset, at);
    this.#uncommitted++;
    let key: string;
    if (partition === this.#lastPartition) key = this.#lastKey;
    else {
      key = JSON.stringify(partition);
      // only frozen objects are remembered: a connector may reuse and change a mutable one
      if (Object.isFrozen(partition)) {
        this.#lastPartition = partition;
        this.#lastKey = key;
      }
    }
    let d = this.#byPartition.get(key);
    if (d === undefined) this.#byPartition.set(key, (d = new PartitionDeque(partition)));
    const rec = new SubmittedRecord(d, offset, at);
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
    this.#uncommitted -= committable;
    return { offsets, committable, uncommittable };
  }
}
