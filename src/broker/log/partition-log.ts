// One partition's log: an ordered list of segments, the last one active. Appends are written with one
// positioned write per call (page cache, so a just-appended batch is readable at once and survives a
// process kill); flush() adds the fsync, shared between concurrent callers (group commit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  HEADER_BYTES,
  MAGIC,
  RECORD_COUNT,
  batchSizeAt,
  lastOffsetDeltaOf,
  maxTimestampOf,
} from './batch-fields.js';
import { setBaseOffset, setLogAppendTime } from '../protocol/record-batch.js';
import { GroupCommit } from './group-commit.js';
import { resolveLogConfig, type LogConfig } from './log-config.js';
import { LogSegment } from './log-segment.js';
import { OffsetOutOfRangeError } from './offset-out-of-range-error.js';
import { compactSegments, type CompactionStats } from './log-compactor.js';
import { findRecordAtTimestamp } from './record-at-timestamp.js';
import { CLEAN_MARKER, START_OFFSET_FILE, loadSegments } from './segment-loader.js';

const EMPTY = Buffer.alloc(0);

export interface PartitionLogOptions {
  /** Data directory of this partition; null keeps everything in memory. */
  dir: string | null;
  config?: Partial<LogConfig>;
  clock?: () => number;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  /** Largest batch maxTimestamp appended (the broker time for LogAppendTime). */
  maxTimestamp: number;
}

export class InvalidBatchError extends Error {
  readonly code = 'TRIB_INVALID_BATCH';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBatchError';
  }
}

export class PartitionLog {
  #config: LogConfig;
  logStartOffset = 0;
  /** Bytes cut off torn/corrupt tails while opening (0 after a clean shutdown). */
  recoveredBytes = 0;
  #segments: LogSegment[] = [];
  #commit: GroupCommit;
  #dirty = new Set<LogSegment>();
  #dirDirty = false;
  #unflushedRecords = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed: Promise<void> | null = null;

  private constructor(
    readonly dir: string | null,
    config: LogConfig,
    private readonly clock: () => number,
  ) {
    this.#config = config;
    this.#commit = new GroupCommit(() => this.#sync());
  }

  static async open(opts: PartitionLogOptions): Promise<PartitionLog> {
    const log = new PartitionLog(opts.dir, resolveLogConfig(opts.config), opts.clock ?? Date.now);
    if (opts.dir === null) log.#segments.push(LogSegment.create(null, 0, log.clock()));
    else {
      const loaded = loadSegments(opts.dir, log.clock);
      log.#segments = loaded.segments;
      log.logStartOffset = loaded.logStartOffset;
      log.recoveredBytes = loaded.recoveredBytes;
    }
    log.#armFlushTimer();
    return log;
  }

  get logEndOffset(): number {
    return this.#active.nextOffset;
  }

  /** Single node: everything appended is replicated "everywhere". */
  get highWatermark(): number {
    return this.#active.nextOffset;
  }

  get size(): number {
    let n = 0;
    for (const s of this.#segments) n += s.size;
    return n;
  }

  get segmentCount(): number {
    return this.#segments.length;
  }

  /** Base offsets of the segments, oldest first (for tests and DescribeLogDirs-style reporting). */
  segmentBaseOffsets(): number[] {
    return this.#segments.map((s) => s.baseOffset);
  }

  get #active(): LogSegment {
    return this.#segments[this.#segments.length - 1]!;
  }

  /**
   * Assigns offsets to one or more magic-2 batches (in place) and writes them. The caller has checked CRCs.
   * Durable only after flush() resolves.
   */
  append(batches: Buffer, opts: { logAppendTime?: number } = {}): AppendResult {
    if (this.#closed) throw new Error('log is closed');
    const appendTime =
      opts.logAppendTime ?? (this.config.messageTimestampType === 'LogAppendTime' ? this.clock() : undefined);
    const baseOffset = this.#active.nextOffset;
    let next = baseOffset;
    let maxTimestamp = -1;
    let records = 0;
    for (let at = 0; at < batches.length; ) {
      if (batches.length - at < HEADER_BYTES) throw new InvalidBatchError('truncated record batch header');
      const size = batchSizeAt(batches, at);
      if (size < HEADER_BYTES || at + size > batches.length) throw new InvalidBatchError(`bad batch length ${size}`);
      if (batches[at + MAGIC] !== 2) throw new InvalidBatchError(`unsupported magic ${batches[at + MAGIC]}`);
      const lastDelta = lastOffsetDeltaOf(batches, at);
      if (lastDelta < 0) throw new InvalidBatchError(`bad lastOffsetDelta ${lastDelta}`);
      const batch = batches.subarray(at, at + size);
      setBaseOffset(batch, next);
      if (appendTime !== undefined) setLogAppendTime(batch, appendTime);
      const ts = maxTimestampOf(batches, at);
      if (ts > maxTimestamp) maxTimestamp = ts;
      records += batches.readInt32BE(at + RECORD_COUNT);
      next += lastDelta + 1;
      at += size;
    }
    if (batches.length === 0) return { baseOffset, lastOffset: baseOffset - 1, maxTimestamp };
    this.#maybeRoll(batches.length, next - 1);
    const active = this.#active;
    active.append(batches, this.config.indexIntervalBytes);
    this.#dirty.add(active);
    this.#commit.noteWritten(batches.length);
    this.#unflushedRecords += records;
    if (this.config.flushPolicy === 'interval' && this.#unflushedRecords >= this.config.flushMessages) this.#backgroundFlush();
    return { baseOffset, lastOffset: next - 1, maxTimestamp };
  }

  get config(): LogConfig {
    return this.#config;
  }

  /** AlterConfigs: new settings apply to later appends, rolls, retention and compaction runs. */
  set config(config: LogConfig) {
    this.updateConfig(config);
  }

  updateConfig(partial: Partial<LogConfig>): void {
    this.#config = resolveLogConfig({ ...this.#config, ...partial });
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (!this.#closed) this.#armFlushTimer();
  }

  /** Whether bytes appended are still waiting for an fsync. */
  get flushPending(): boolean {
    return this.#commit.pending;
  }

  /** fsyncs everything appended so far; concurrent callers share one fsync. */
  flush(): Promise<void> {
    return this.#commit.flush();
  }

  /**
   * Whole batches from the one containing fetchOffset, up to maxBytes (at least one batch), never a batch
   * reaching maxOffset (exclusive). Raw stored bytes. Empty at the end of the log.
   */
  read(fetchOffset: number, maxBytes: number, opts: { maxOffset?: number } = {}): Buffer {
    const end = this.logEndOffset;
    if (fetchOffset < this.logStartOffset || fetchOffset > end) {
      throw new OffsetOutOfRangeError(fetchOffset, this.logStartOffset, end);
    }
    const maxOffset = opts.maxOffset ?? end;
    if (fetchOffset >= maxOffset) return EMPTY;
    for (let i = this.#segmentIndexFor(fetchOffset); i < this.#segments.length; i++) {
      const seg = this.#segments[i]!;
      const out = seg.read(Math.max(fetchOffset, seg.baseOffset), maxBytes, maxOffset);
      if (out !== null) return out;
    }
    return EMPTY;
  }

  /** First offset whose record timestamp >= ts (ListOffsets by time), or null when none. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    for (const seg of this.#segments) {
      const batch = seg.findByTimestamp(ts);
      if (batch === null) continue;
      const hit = findRecordAtTimestamp(batch, ts);
      if (hit.offset < this.logStartOffset) hit.offset = this.logStartOffset;
      return hit;
    }
    return null;
  }

  /** DeleteRecords: moves logStartOffset forward and drops segments wholly below it. */
  deleteRecordsBefore(offset: number): void {
    if (offset > this.logEndOffset || offset < 0) throw new OffsetOutOfRangeError(offset, this.logStartOffset, this.logEndOffset);
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = offset;
    this.#writeStartOffset();
    while (this.#segments.length > 1 && this.#segments[0]!.nextOffset <= offset) this.#retire(this.#segments.shift()!);
  }

  /** Removes everything at and after the batch containing offset (rarely needed on a single node). */
  truncateTo(offset: number): void {
    if (offset >= this.logEndOffset) return;
    while (this.#segments.length > 1 && this.#active.baseOffset >= offset) this.#retire(this.#segments.pop()!);
    this.#active.truncateFrom(offset);
    this.#dirty.add(this.#active);
    if (this.logStartOffset > this.logEndOffset) this.logStartOffset = this.logEndOffset;
  }

  /** retention.ms / retention.bytes for cleanup.policy=delete: drops whole old segments. Returns how many. */
  enforceRetention(now: number = this.clock()): number {
    if (!this.config.cleanupPolicy.includes('delete')) return 0;
    let deleted = 0;
    const { retentionMs, retentionBytes } = this.config;
    if (retentionMs >= 0) {
      while (now - this.#segments[0]!.retentionTimestamp > retentionMs) {
        if (this.#segments.length === 1) {
          if (this.#active.size === 0) break;
          this.#roll(); // the active segment is never deleted: start a new one first
        }
        this.#retire(this.#segments.shift()!);
        deleted++;
      }
    }
    if (retentionBytes >= 0) {
      let excess = this.size - retentionBytes;
      while (this.#segments.length > 1 && excess - this.#segments[0]!.size >= 0) {
        const seg = this.#segments.shift()!;
        excess -= seg.size;
        this.#retire(seg);
        deleted++;
      }
    }
    if (this.#segments[0]!.baseOffset > this.logStartOffset) this.logStartOffset = this.#segments[0]!.baseOffset;
    return deleted;
  }

  /** cleanup.policy=compact: rewrites the inactive segments keeping the latest record per key. */
  compact(now: number = this.clock()): CompactionStats {
    if (!this.config.cleanupPolicy.includes('compact')) return { segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };
    return compactSegments(this.#segments.slice(0, -1), this.#segments, this.config, now, (first, absorbed) => {
      this.#dirty.delete(first);
      for (const seg of absorbed) this.#dirty.delete(seg);
      if (absorbed.length > 0) this.#segments = this.#segments.filter((s) => !absorbed.includes(s));
      this.#dirDirty = this.dir !== null;
    });
  }

  async close(): Promise<void> {
    this.#closed ??= this.#doClose();
    return this.#closed;
  }

  async #doClose(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    try {
      await this.#commit.flush();
      if (this.dir !== null) {
        this.#active.persistIndex();
        // Only after everything is synced may the next open trust the indexes without a CRC scan.
        fs.writeFileSync(path.join(this.dir, CLEAN_MARKER), '');
      }
    } finally {
      for (const seg of this.#segments) seg.close();
    }
  }

  /** Closes and removes the partition's files. */
  async delete(): Promise<void> {
    await this.close();
    for (const seg of this.#segments) seg.remove();
    if (this.dir !== null) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  #segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.#segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.#segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #maybeRoll(bytes: number, lastOffset: number): void {
    const active = this.#active;
    if (active.size === 0) return;
    if (
      active.size + bytes > this.config.segmentBytes ||
      this.clock() - active.createdAt > this.config.segmentMs ||
      !active.canHold(lastOffset)
    ) this.#roll();
  }

  #roll(): void {
    const old = this.#active;
    old.persistIndex();
    this.#segments.push(LogSegment.create(this.dir, old.nextOffset, this.clock()));
    this.#dirDirty = this.dir !== null;
  }

  #retire(seg: LogSegment): void {
    this.#dirty.delete(seg);
    seg.remove();
    this.#dirDirty = this.dir !== null;
  }

  async #sync(): Promise<void> {
    const segs = [...this.#dirty];
    this.#dirty.clear();
    const syncDir = this.#dirDirty;
    this.#dirDirty = false;
    this.#unflushedRecords = 0;
    try {
      await Promise.all(segs.map((s) => s.storage.sync()));
      if (syncDir && this.dir !== null) await fsyncDir(this.dir);
    } catch (err) {
      for (const s of segs) this.#dirty.add(s);
      this.#dirDirty ||= syncDir;
      throw err;
    }
  }

  #backgroundFlush(): void {
    // A failed background fsync leaves the segments dirty; the next flush retries and reports the error.
    this.#commit.flush().catch(() => {});
  }

  #armFlushTimer(): void {
    if (this.dir === null || this.config.flushPolicy !== 'interval') return;
    this.#timer = setInterval(() => {
      if (this.#commit.pending) this.#backgroundFlush();
    }, this.config.flushMs);
    this.#timer.unref();
  }

  #writeStartOffset(): void {
    if (this.dir === null) return;
    const file = path.join(this.dir, START_OFFSET_FILE);
    fs.writeFileSync(`${file}.tmp`, String(this.logStartOffset));
    fs.renameSync(`${file}.tmp`, file);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
