/**
 * Writes one Kafka partition's records into files, as Confluent's TopicPartitionWriter does: one open file
 * per encoded partition; all of them are committed (uploaded) together when a rotation triggers —
 * `flush.size` records, `rotate.interval.ms` of record time (or a change of encoded partition),
 * `rotate.schedule.interval.ms` on the wall clock, or the task's memory cap. Such a group of files is a
 * *batch*: it covers the offsets from `batchStart` to the last record, and only after every file of it is
 * uploaded does `committedOffset` (what preCommit hands Kafka) move past it.
 *
 * Each object carries the batch start in its metadata (`tributary-batch-start`), which is what bucket
 * recovery reads after a crash.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SinkRecord, TopicPartition } from '../../../src/api/index.js';
import type { RecordFormat } from '../format/record-format.js';
import { objectKey, type KeyLayout } from '../object-key.js';
import type { Partitioner } from '../partitioner/partitioner.js';
import type { TimestampExtractor } from '../partitioner/timestamp-extractor.js';
import type { ZoneOffsets } from '../partitioner/zone-offsets.js';
import { OutputFile } from './output-file.js';
import { S3ObjectUpload } from './s3-object-upload.js';

export const BATCH_START_METADATA = 'tributary-batch-start';

export interface WriterSettings {
  readonly client: S3Client;
  readonly bucket: string;
  readonly layout: KeyLayout;
  readonly format: RecordFormat;
  /** Full extension, compression suffix included (`.json.gz`). */
  readonly extension: string;
  /** gzip level, or null for no compression. */
  readonly gzipLevel: number | null;
  readonly partSize: number;
  readonly flushSize: number;
  readonly rotateIntervalMs: number;
  readonly rotateScheduleIntervalMs: number;
  readonly scheduleZone: ZoneOffsets;
  readonly partitioner: Partitioner;
  readonly extractor: TimestampExtractor;
  /** Files of one batch uploaded at the same time. */
  readonly uploadConcurrency: number;
}

export class TopicPartitionWriter {
  readonly #files = new Map<string, OutputFile>();
  readonly #needsTimestamp: boolean;
  #recordCount = 0;
  #batchStart = -1;
  #baseTimestamp = 0;
  #currentEncoded: string | undefined;
  #nextScheduledRotation = Number.POSITIVE_INFINITY;
  #commitPending = false;
  /** Next offset after the last committed batch (what preCommit returns), or null before the first. */
  committedOffset: number | null = null;
  /** Records below this offset were already taken (a redelivered batch): they are skipped. */
  nextExpected: number | null = null;
  /** Objects uploaded by this writer (for metrics and tests). */
  filesCommitted = 0;

  constructor(readonly tp: TopicPartition, private readonly s: WriterSettings) {
    this.#needsTimestamp = s.partitioner.needsTimestamp || s.rotateIntervalMs > 0;
  }

  /** Where to resume: committed batches end here, so consumption restarts (and `nextExpected` is) here. */
  resumeAt(offset: number): void {
    this.committedOffset = offset;
    this.nextExpected = offset;
  }

  get bufferedBytes(): number {
    let n = 0;
    for (const f of this.#files.values()) n += f.bufferedBytes;
    return n;
  }

  /** Multipart parts already uploaded for the open files. */
  get partsUploaded(): number {
    let n = 0;
    for (const f of this.#files.values()) n += f.upload.partsUploaded;
    return n;
  }

  get openFiles(): number {
    return this.#files.size;
  }

  get recordCount(): number {
    return this.#recordCount;
  }

  async write(record: SinkRecord, encodedPartition: string | undefined, now: number): Promise<void> {
    if (this.nextExpected !== null && record.kafkaOffset < this.nextExpected) return;
    if (this.#commitPending) await this.commit();
    const s = this.s;
    const ts = this.#needsTimestamp ? s.extractor(record, now) : 0;
    const encoded = encodedPartition ?? s.partitioner.encodePartition(record, ts);
    if (this.#recordCount > 0 && this.#rotateOnTime(encoded, ts)) await this.commit();

    let file = this.#files.get(encoded);
    if (file !== undefined && !file.accepts(record)) {
      await this.commit();
      file = undefined;
    }
    if (file === undefined) {
      if (this.#recordCount === 0) this.#startBatch(record.kafkaOffset, ts, now);
      file = this.#openFile(encoded, record.kafkaOffset);
      this.#files.set(encoded, file);
    }
    file.append(record);
    this.#recordCount++;
    this.#currentEncoded = encoded;
    this.nextExpected = record.kafkaOffset + 1;
    if (file.upload.partReady) await file.upload.uploadFullPart();
    if (this.#recordCount >= s.flushSize) await this.commit();
  }

  /** Commits the open files if the wall-clock schedule says so (also for partitions that get no records). */
  async rotateOnSchedule(now: number): Promise<void> {
    if (this.#commitPending) await this.commit();
    if (this.#recordCount > 0 && now >= this.#nextScheduledRotation) await this.commit();
  }

  /** Uploads every open file; afterwards the batch is durable and `committedOffset` covers it. */
  async commit(): Promise<void> {
    if (this.#recordCount === 0 && !this.#commitPending) return;
    this.#commitPending = true;
    const files = [...this.#files.values()].filter((f) => !f.upload.completed);
    await inParallel(files, this.s.uploadConcurrency, (f) => f.commit());
    this.filesCommitted += files.length;
    this.#files.clear();
    this.#recordCount = 0;
    this.#currentEncoded = undefined;
    this.#nextScheduledRotation = Number.POSITIVE_INFINITY;
    this.#commitPending = false;
    this.committedOffset = this.nextExpected;
  }

  /** The partition is taken away: uncommitted files are dropped (the next owner re-reads from `committedOffset`). */
  async close(): Promise<void> {
    const files = [...this.#files.values()];
    this.#files.clear();
    this.#recordCount = 0;
    this.#commitPending = false;
    await Promise.all(files.map((f) => f.abort()));
  }

  #rotateOnTime(encoded: string, ts: number): boolean {
    if (this.s.rotateIntervalMs <= 0) return false;
    return ts - this.#baseTimestamp >= this.s.rotateIntervalMs || encoded !== this.#currentEncoded;
  }

  #startBatch(offset: number, ts: number, now: number): void {
    this.#batchStart = offset;
    this.#baseTimestamp = ts;
    const interval = this.s.rotateScheduleIntervalMs;
    if (interval > 0) {
      // Aligned to the interval in the configured zone, as Confluent does (an hourly schedule fires on the hour).
      const offsetMs = this.s.scheduleZone.offsetAt(now);
      const local = now + offsetMs;
      this.#nextScheduledRotation = Math.floor(local / interval) * interval + interval - offsetMs;
    }
  }

  #openFile(encoded: string, startOffset: number): OutputFile {
    const s = this.s;
    const key = objectKey(s.layout, this.tp.topic, encoded, this.tp.partition, startOffset, s.extension);
    const upload = new S3ObjectUpload(s.client, s.bucket, key, s.partSize, { [BATCH_START_METADATA]: String(this.#batchStart) });
    return new OutputFile(startOffset, s.format.newWriter(), upload, s.gzipLevel);
  }
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, items.length); i++) workers.push(worker());
  const results = await Promise.allSettled(workers);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
