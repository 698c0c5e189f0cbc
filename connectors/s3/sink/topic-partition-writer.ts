/**
 * Writes one Kafka partition's records into files, as Confluent's TopicPartitionWriter does: one open file
 * per encoded partition; all of them are sealed and uploaded together when a rotation triggers —
 * `flush.size` records, `rotate.interval.ms` of record time (or a change of encoded partition),
 * `rotate.schedule.interval.ms` on the wall clock, or the task's memory cap. Such a group of files is a
 * *batch*: it covers the offsets from `batchStart` to the last record, and only after every file of it is
 * uploaded does `committedOffset` (what preCommit hands Kafka) move past it. Uploads run in the background
 * (one batch at a time per partition, in order) while the next batch fills.
 *
 * Each object carries the batch start in its metadata (`tributary-batch-start`), which is what bucket
 * recovery reads after a crash.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SinkRecord, TopicPartition } from '../../../src/api/index.js';
import type { CompanionFormat } from '../format/companion-formats.js';
import type { RecordFormat } from '../format/record-format.js';
import { objectKey, type KeyLayout } from '../object-key.js';
import type { Partitioner } from '../partitioner/partitioner.js';
import type { TimestampExtractor } from '../partitioner/timestamp-extractor.js';
import type { ZoneOffsets } from '../partitioner/zone-offsets.js';
import { OutputFile } from './output-file.js';
import { S3ObjectUpload } from './s3-object-upload.js';
import type { UploadSlots } from './upload-slots.js';

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
  /** `store.kafka.keys` / `store.kafka.headers` files written beside each data file. */
  readonly companions: readonly CompanionFormat[];
  /** Bounds the uploads running at once across the task's partitions. */
  readonly uploadSlots: UploadSlots;
}

/** A committed (sealed) batch waiting for, or in, upload. */
interface SealedBatch {
  readonly files: readonly OutputFile[];
  /** The offset after the batch's last record: what `committedOffset` becomes once it is uploaded. */
  readonly endOffset: number;
}

/**
 * Sealed batches upload in the background, one batch at a time and in order, while the next batch fills:
 * a batch's objects complete only after every object of the batches before it (what bucket recovery
 * relies on). At most one sealed batch waits behind the one uploading; past that `write` waits before
 * taking another record, so memory stays bounded even while S3 is down.
 */
const MAX_QUEUED_BATCHES = 1;

export class TopicPartitionWriter {
  readonly #files = new Map<string, OutputFile>();
  readonly #needsTimestamp: boolean;
  #recordCount = 0;
  #batchStart = -1;
  #baseTimestamp = 0;
  #currentEncoded: string | undefined;
  #nextScheduledRotation = Number.POSITIVE_INFINITY;
  readonly #queue: SealedBatch[] = [];
  #pump: Promise<void> | undefined;
  #uploadError: unknown;
  #closed = false;
  /** Next offset after the last uploaded batch (what preCommit returns), or null before the first. */
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

  /** Bytes held in memory: open files plus sealed batches not uploaded yet. */
  get bufferedBytes(): number {
    let n = 0;
    for (const f of this.#files.values()) n += f.bufferedBytes;
    for (const b of this.#queue) for (const f of b.files) if (!f.completed) n += f.bufferedBytes;
    return n;
  }

  /** Multipart parts already uploaded for the open files. */
  get partsUploaded(): number {
    let n = 0;
    for (const f of this.#files.values()) n += f.partsUploaded;
    return n;
  }

  /** Sealed batches waiting for or in upload. */
  get sealedBatches(): number {
    return this.#queue.length;
  }

  get openFiles(): number {
    return this.#files.size;
  }

  /** Records in the open (not yet sealed) batch. */
  get recordCount(): number {
    return this.#recordCount;
  }

  /**
   * Takes one record. Returns a promise only when it has to wait (backpressure, a multipart part to
   * ship); the common case is synchronous, so a batch costs no promise per record.
   */
  write(record: SinkRecord, encodedPartition: string | undefined, now: number): Promise<void> | undefined {
    if (this.nextExpected !== null && record.kafkaOffset < this.nextExpected) return undefined;
    this.#throwIfUploadFailed();
    // Backpressure before taking the record: S3 is slower than Kafka (or down), so wait for the upload
    // ahead rather than sealing ever more batches into memory.
    if (this.#queue.length > MAX_QUEUED_BATCHES) return this.#drain().then(() => this.#take(record, encodedPartition, now));
    return this.#take(record, encodedPartition, now);
  }

  #take(record: SinkRecord, encodedPartition: string | undefined, now: number): Promise<void> | undefined {
    const s = this.s;
    const ts = this.#needsTimestamp ? s.extractor(record, now) : 0;
    const encoded = encodedPartition ?? s.partitioner.encodePartition(record, ts);
    if (this.#recordCount > 0 && (now >= this.#nextScheduledRotation || this.#rotateOnTime(encoded, ts))) this.#seal();

    let file = this.#files.get(encoded);
    if (file !== undefined && !file.accepts(record)) {
      this.#seal();
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
    // A part upload must finish before the file can be sealed (the pump would complete it meanwhile).
    if (file.partReady) return file.uploadFullParts().then(() => this.#sealIfFull());
    this.#sealIfFull();
    return undefined;
  }

  #sealIfFull(): void {
    if (this.#recordCount >= this.s.flushSize) this.#seal();
  }

  /** Seals the open files if the wall-clock schedule says so (also for partitions that get no records). */
  rotateOnSchedule(now: number): void {
    if (this.#recordCount > 0 && now >= this.#nextScheduledRotation) this.#seal();
  }

  /** Seals the open batch and waits until everything sealed is uploaded; `committedOffset` then covers it. */
  async commit(): Promise<void> {
    this.#seal();
    await this.awaitUploads();
  }

  /** Waits for the sealed batches to upload; throws (once) the error of a failed upload, which is then retried. */
  async awaitUploads(): Promise<void> {
    this.#throwIfUploadFailed();
    while (this.#pump !== undefined) {
      await this.#pump;
      this.#throwIfUploadFailed();
    }
  }

  /** Like `awaitUploads`, but leaves a failure for the next `write` to report (preCommit must not fail). */
  async settleUploads(): Promise<void> {
    while (this.#pump !== undefined) await this.#pump;
  }

  /**
   * The partition is taken away: sealed batches finish uploading (unless S3 fails), the open batch is
   * dropped (the next owner re-reads it from `committedOffset`).
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.settleUploads();
    const files = [...this.#files.values(), ...this.#queue.flatMap((b) => b.files)];
    this.#files.clear();
    this.#queue.length = 0;
    this.#recordCount = 0;
    await Promise.all(files.map((f) => f.abort()));
  }

  /** Waits until at most MAX_QUEUED_BATCHES wait behind the upload; throws if the upload failed. */
  async #drain(): Promise<void> {
    while (this.#queue.length > MAX_QUEUED_BATCHES && this.#pump !== undefined) await this.#pump;
    this.#throwIfUploadFailed();
  }

  #seal(): void {
    if (this.#recordCount === 0) return;
    const files: OutputFile[] = [];
    for (const f of this.#files.values()) {
      if (f.recordCount > 0) {
        f.seal();
        files.push(f);
      } else {
        void f.abort(); // opened for a record that turned out bad: nothing to write
      }
    }
    this.#queue.push({ files, endOffset: this.nextExpected! });
    this.#files.clear();
    this.#recordCount = 0;
    this.#currentEncoded = undefined;
    this.#nextScheduledRotation = Number.POSITIVE_INFINITY;
    this.#startPump();
  }

  #startPump(): void {
    if (this.#pump !== undefined || this.#uploadError !== undefined || this.#queue.length === 0 || this.#closed) return;
    this.#pump = (async () => {
      try {
        while (this.#queue.length > 0) {
          const batch = this.#queue[0]!;
          const pending = batch.files.filter((f) => !f.completed);
          const slots = this.s.uploadSlots;
          const results = await Promise.allSettled(pending.map((f) => slots.run(() => f.commit())));
          for (const r of results) if (r.status === 'rejected') throw r.reason;
          this.#queue.shift();
          this.filesCommitted += pending.length;
          this.committedOffset = batch.endOffset;
        }
      } catch (err) {
        this.#uploadError = err;
      } finally {
        this.#pump = undefined;
      }
    })();
  }

  #throwIfUploadFailed(): void {
    const err = this.#uploadError;
    if (err === undefined) return;
    this.#uploadError = undefined;
    this.#startPump(); // retry in the background; the runtime redelivers the batch that saw the error
    throw err;
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
    const metadata = { [BATCH_START_METADATA]: String(this.#batchStart) };
    const companions = s.companions.map((c) => {
      const key = objectKey(s.layout, this.tp.topic, encoded, this.tp.partition, startOffset, c.extension);
      return new OutputFile(startOffset, c.format.newWriter(), new S3ObjectUpload(s.client, s.bucket, key, s.partSize, metadata), s.gzipLevel);
    });
    const key = objectKey(s.layout, this.tp.topic, encoded, this.tp.partition, startOffset, s.extension);
    const upload = new S3ObjectUpload(s.client, s.bucket, key, s.partSize, metadata);
    return new OutputFile(startOffset, s.format.newWriter(), upload, s.gzipLevel, companions);
  }
}
