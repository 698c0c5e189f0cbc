import { InvalidBatchError, type PartitionLog } from '../log/partition-log.js';
import type { LogConfig } from '../log/log-config.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { CompressionType } from '../protocol/compression/compression-type.js';
import {
  decodeControlRecord, decodeRecords, iterateBatches, readBatchHeader, verifyCrc, type BatchHeader,
} from '../protocol/record-batch.js';
import { scanLogBatches } from './scan-log-batches.js';
import { ProducerStateManager, type LoggedBatch } from '../txn/producer-state-manager.js';
import type { AppendNotifier } from '../server/append-notifier.js';

export interface ProduceResult {
  errorCode: number;
  errorMessage?: string;
  baseOffset: number;
  /** -1 unless the topic uses LogAppendTime. */
  logAppendTimeMs: number;
}

export interface ProduceOptions {
  /** Produce request version: zstd needs v7+. */
  readonly apiVersion: number;
}

/** One partition: its log, its producer state, and the produce/read rules around them. */
export class Partition {
  readonly topic: string;
  readonly index: number;
  readonly log: PartitionLog;
  readonly producers: ProducerStateManager;
  readonly #notifier: AppendNotifier;
  readonly #clock: () => number;

  private constructor(topic: string, index: number, log: PartitionLog, producers: ProducerStateManager,
    notifier: AppendNotifier, clock: () => number) {
    this.topic = topic;
    this.index = index;
    this.log = log;
    this.producers = producers;
    this.#notifier = notifier;
    this.#clock = clock;
  }

  /** Wraps an opened log and rebuilds the producer state by scanning its batches. */
  static async create(topic: string, index: number, log: PartitionLog, notifier: AppendNotifier,
    clock: () => number): Promise<Partition> {
    const producers = new ProducerStateManager();
    rebuildProducerState(log, producers);
    return new Partition(topic, index, log, producers, notifier, clock);
  }

  get config(): LogConfig {
    return this.log.config;
  }

  reconfigure(config: LogConfig): void {
    this.log.config = config;
  }

  get logStartOffset(): number {
    return this.log.logStartOffset;
  }

  get highWatermark(): number {
    return this.log.highWatermark;
  }

  get lastStableOffset(): number {
    return this.producers.lastStableOffset(this.log.highWatermark);
  }

  /**
   * Validates and appends the record batches of one Produce partition entry. Idempotent duplicates
   * answer the offset they were first written at without a second append.
   */
  produce(records: Buffer, opts: ProduceOptions): ProduceResult {
    const config = this.log.config;
    const logAppendTime = config.messageTimestampType === 'LogAppendTime' ? this.#clock() : -1;
    const fail = (errorCode: number, errorMessage: string): ProduceResult =>
      ({ errorCode, errorMessage, baseOffset: -1, logAppendTimeMs: -1 });
    let batches: Array<{ header: BatchHeader; bytes: Buffer }>;
    try {
      batches = [...iterateBatches(records)];
    } catch (err) {
      return fail(ErrorCode.CORRUPT_MESSAGE, err instanceof Error ? err.message : String(err));
    }
    if (batches.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE, 'no record batch in the request');
    for (const b of batches) {
      const h = b.header;
      if (h.magic !== 2) return fail(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `record batch magic ${h.magic} is not supported`);
      if (!verifyCrc(b.bytes)) return fail(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC mismatch');
      if (b.bytes.length > config.maxMessageBytes) {
        return fail(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${b.bytes.length} bytes exceeds max.message.bytes ${config.maxMessageBytes}`);
      }
      if (h.compression > CompressionType.Zstd) return fail(ErrorCode.CORRUPT_MESSAGE, `unknown compression codec ${h.compression}`);
      if (h.compression === CompressionType.Zstd && opts.apiVersion < 7) {
        return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs Produce v7 or later');
      }
      if (h.isControl) return fail(ErrorCode.INVALID_RECORD, 'clients may not write control batches');
      if (h.recordCount <= 0) return fail(ErrorCode.CORRUPT_MESSAGE, 'record batch has no records');
    }
    let firstOffset = -1;
    for (const b of batches) {
      const h = b.header;
      if (h.producerId >= 0) {
        const check = this.producers.checkAndRecord(h);
        if ('duplicate' in check) {
          if (firstOffset < 0) firstOffset = check.duplicate.baseOffset;
          continue;
        }
        if ('error' in check) return fail(check.error, check.message);
      }
      let res: { baseOffset: number };
      try {
        res = this.log.append(b.bytes, logAppendTime >= 0 ? { logAppendTime } : {});
      } catch (err) {
        if (err instanceof InvalidBatchError) return fail(ErrorCode.CORRUPT_MESSAGE, err.message);
        return fail(ErrorCode.KAFKA_STORAGE_ERROR, err instanceof Error ? err.message : String(err));
      }
      if (h.producerId >= 0) this.producers.onAppended(h, res.baseOffset);
      if (firstOffset < 0) firstOffset = res.baseOffset;
    }
    this.#notifier.notify(this.topic, this.index);
    return { errorCode: ErrorCode.NONE, baseOffset: firstOffset, logAppendTimeMs: logAppendTime };
  }

  /** ListOffsets MAX_TIMESTAMP (-3): the record with the largest timestamp (a full scan; rarely asked). */
  offsetOfMaxTimestamp(): { offset: number; timestamp: number } | null {
    let best: { bytes: Buffer; maxTimestamp: number } | null = null;
    for (const b of scanLogBatches(this.log)) {
      if (b.header.isControl) continue;
      if (best === null || b.header.maxTimestamp > best.maxTimestamp) best = { bytes: Buffer.from(b.bytes), maxTimestamp: b.header.maxTimestamp };
    }
    if (best === null) return null;
    const rec = decodeRecords(best.bytes).find((r) => r.timestamp === best.maxTimestamp);
    return rec ? { offset: rec.offset, timestamp: rec.timestamp } : null;
  }

  /** DeleteRecords: advances the log start offset and forgets producer state below it. */
  deleteRecordsBefore(offset: number): void {
    this.log.deleteRecordsBefore(offset);
    this.producers.truncateHead(this.log.logStartOffset);
  }

  /** Appends a COMMIT/ABORT marker and closes the producer's transaction here; returns its offset. */
  writeMarker(controlBatch: Buffer): number {
    const header = readBatchHeader(controlBatch, 0);
    const commit = controlTypeOf(controlBatch) === 'COMMIT';
    const res = this.log.append(controlBatch);
    this.producers.completeTxn(header.producerId, header.producerEpoch, commit, res.baseOffset);
    this.#notifier.notify(this.topic, this.index);
    return res.baseOffset;
  }
}

/** Replays the partition's batches into the producer state (startup recovery). */
function rebuildProducerState(log: PartitionLog, producers: ProducerStateManager): void {
  producers.rebuild(loggedBatches(log));
}

function* loggedBatches(log: PartitionLog): Generator<LoggedBatch> {
  for (const b of scanLogBatches(log)) {
    const h = b.header;
    if (h.producerId < 0) continue;
    yield { ...h, controlType: h.isControl ? controlTypeOf(b.bytes) : null };
  }
}

/** COMMIT/ABORT from a control batch's single record key; null when it is not a marker. */
function controlTypeOf(batch: Buffer): 'COMMIT' | 'ABORT' | null {
  try {
    const rec = decodeRecords(batch)[0];
    return decodeControlRecord(rec?.key ?? null, rec?.value ?? null)?.type ?? null;
  } catch {
    return null;
  }
}
