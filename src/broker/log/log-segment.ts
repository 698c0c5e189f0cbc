// One segment of a partition log: the batch bytes (file or memory) plus their sparse offset/time index.
// Files: <dir>/<baseOffset, 20 digits>.log, .index, .timeindex (indexes are written when the segment is
// rolled or the log closes; an unclean shutdown rebuilds them from the log bytes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LAST_OFFSET_DELTA,
  baseOffsetOf,
  batchSizeAt,
  lastOffsetDeltaOf,
  maxTimestampOf,
} from './batch-fields.js';
import { verifyCrc } from '../protocol/record-batch.js';
import { scanBatches } from './batch-scanner.js';
import { SegmentIndex } from './segment-index.js';
import { FileStorage, MemoryStorage, type SegmentStorage } from './segment-storage.js';

/** Bytes needed to read baseOffset, batchLength and lastOffsetDelta. */
const LOCATE_HEADER = LAST_OFFSET_DELTA + 4;
const LOCATE_CHUNK = 8192;
const INT32_MAX = 0x7fffffff;

export function segmentFileName(dir: string, baseOffset: number, ext: 'log' | 'index' | 'timeindex'): string {
  return path.join(dir, `${String(baseOffset).padStart(20, '0')}.${ext}`);
}

export class LogSegment {
  index = new SegmentIndex();
  /** Offset after the last batch (== baseOffset when empty). */
  nextOffset: number;
  /** Largest batch maxTimestamp in the segment, -1 when none. */
  maxTimestamp = -1;
  /** Time the segment started, for segment.ms and for retention of timestamp-less data. */
  createdAt: number;
  #bytesSinceIndex = 0;

  private constructor(
    readonly baseOffset: number,
    public storage: SegmentStorage,
    readonly dir: string | null,
    createdAt: number,
  ) {
    this.nextOffset = baseOffset;
    this.createdAt = createdAt;
  }

  static create(dir: string | null, baseOffset: number, now: number): LogSegment {
    const storage = dir === null ? new MemoryStorage() : new FileStorage(segmentFileName(dir, baseOffset, 'log'));
    if (storage.size > 0) storage.truncate(0); // a stale file from an earlier life of this offset
    return new LogSegment(baseOffset, storage, dir, now);
  }

  /**
   * Opens an existing segment file. With `rebuild` the bytes are CRC-checked and the index rebuilt (the tail of
   * an unclean shutdown); otherwise the persisted index is used when it looks sane.
   */
  static open(dir: string, baseOffset: number, rebuild: boolean): { segment: LogSegment; truncatedBytes: number } {
    const logPath = segmentFileName(dir, baseOffset, 'log');
    const storage = new FileStorage(logPath);
    const seg = new LogSegment(baseOffset, storage, dir, fs.statSync(logPath).mtimeMs);
    if (!rebuild && seg.#loadIndex()) return { segment: seg, truncatedBytes: 0 };
    const truncatedBytes = seg.recover();
    seg.persistIndex(); // never leave an index on disk that disagrees with the recovered bytes
    return { segment: seg, truncatedBytes };
  }

  /** Deletes a segment's files without opening it. */
  static removeFiles(dir: string, baseOffset: number): void {
    for (const ext of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentFileName(dir, baseOffset, ext), { force: true });
  }

  get size(): number {
    return this.storage.size;
  }

  /** Time used for time-based roll and retention: newest record timestamp, or creation time. */
  get retentionTimestamp(): number {
    return this.maxTimestamp >= 0 ? this.maxTimestamp : this.createdAt;
  }

  /** Appends batches whose offsets are already assigned (all >= nextOffset). */
  append(buf: Buffer, indexIntervalBytes: number): void {
    const startPos = this.storage.size;
    this.storage.append(buf); // first: if the write fails (ENOSPC), the segment's bookkeeping is untouched
    for (let at = 0; at < buf.length; ) {
      const size = batchSizeAt(buf, at);
      this.#indexBatch(baseOffsetOf(buf, at), lastOffsetDeltaOf(buf, at), maxTimestampOf(buf, at), startPos + at, size, indexIntervalBytes);
      at += size;
    }
  }

  #indexBatch(base: number, lastDelta: number, maxTs: number, pos: number, size: number, interval: number): void {
    if (this.#bytesSinceIndex >= interval) {
      const rel = base - this.baseOffset;
      this.index.addOffset(rel, pos);
      this.index.addTime(this.maxTimestamp, rel);
      this.#bytesSinceIndex = 0;
    }
    this.#bytesSinceIndex += size;
    if (maxTs > this.maxTimestamp) this.maxTimestamp = maxTs;
    this.nextOffset = base + lastDelta + 1;
  }

  /** Whether offsets up to lastOffset still fit the int32 relative offsets of the index. */
  canHold(lastOffset: number): boolean {
    return lastOffset - this.baseOffset <= INT32_MAX;
  }

  /** Byte position of the first batch whose last offset >= offset, or -1 when there is none. */
  locate(offset: number): number {
    let pos = this.index.positionFor(offset - this.baseOffset);
    const end = this.storage.size;
    let chunk: Buffer = Buffer.alloc(0);
    let chunkPos = pos;
    while (pos + LOCATE_HEADER <= end) {
      if (pos + LOCATE_HEADER > chunkPos + chunk.length) {
        chunk = this.storage.peek(pos, LOCATE_CHUNK);
        chunkPos = pos;
      }
      const at = pos - chunkPos;
      if (baseOffsetOf(chunk, at) + lastOffsetDeltaOf(chunk, at) >= offset) return pos;
      pos += batchSizeAt(chunk, at);
    }
    return -1;
  }

  /**
   * Whole batches from the one containing `offset`: at most maxBytes unless the first batch alone is larger,
   * stopping before any batch that reaches maxOffset (exclusive). Null when no batch here reaches `offset`.
   */
  read(offset: number, maxBytes: number, maxOffset: number): Buffer | null {
    const pos = this.locate(offset);
    if (pos < 0) return null;
    const avail = this.storage.size - pos;
    let buf = this.storage.read(pos, Math.min(avail, Math.max(maxBytes, LOCATE_HEADER)));
    let at = 0;
    while (at + LOCATE_HEADER <= buf.length) {
      if (baseOffsetOf(buf, at) + lastOffsetDeltaOf(buf, at) >= maxOffset) break;
      const size = batchSizeAt(buf, at);
      if (at + size > buf.length) {
        if (at === 0) {
          buf = this.storage.read(pos, size); // Kafka's rule: always make progress with one whole batch
          at = size;
        }
        break;
      }
      at += size;
    }
    return at === buf.length ? buf : buf.subarray(0, at);
  }

  /** The first batch (a copy) whose maxTimestamp >= ts, or null. */
  findByTimestamp(ts: number): Buffer | null {
    if (this.maxTimestamp < ts) return null;
    const rel = this.index.relOffsetForTime(ts);
    const from = rel > 0 ? this.index.positionFor(rel) : 0;
    let found: Buffer | null = null;
    scanBatches(this.storage, from, (buf, at, _pos, size) => {
      if (maxTimestampOf(buf, at) < ts) return true;
      found = Buffer.from(buf.subarray(at, at + size));
      return false;
    });
    return found;
  }

  /**
   * Re-reads every batch, checking CRC and offset order, rebuilds the index and truncates whatever follows
   * the last good batch. Returns the number of bytes cut off.
   */
  recover(indexIntervalBytes = 4096): number {
    this.index = new SegmentIndex();
    this.nextOffset = this.baseOffset;
    this.maxTimestamp = -1;
    this.#bytesSinceIndex = 0;
    let first = true;
    const goodEnd = scanBatches(this.storage, 0, (buf, at, pos, size) => {
      const base = baseOffsetOf(buf, at);
      const lastDelta = lastOffsetDeltaOf(buf, at);
      if (base < this.nextOffset || lastDelta < 0 || !this.canHold(base + lastDelta) || !verifyCrc(buf.subarray(at, at + size))) return false;
      const maxTs = maxTimestampOf(buf, at);
      if (first) {
        if (maxTs >= 0) this.createdAt = maxTs;
        first = false;
      }
      this.#indexBatch(base, lastDelta, maxTs, pos, size, indexIntervalBytes);
      return true;
    });
    const cut = this.storage.size - goodEnd;
    if (cut > 0) this.storage.truncate(goodEnd);
    return cut;
  }

  /** Removes every batch from the one containing `offset` on; returns the new nextOffset. */
  truncateFrom(offset: number): number {
    const pos = this.locate(offset);
    if (pos >= 0) {
      this.storage.truncate(pos);
      this.recover();
    }
    return this.nextOffset;
  }

  /** Writes .index and .timeindex; the last time entry records (maxTimestamp, nextOffset) for a cheap reopen. */
  persistIndex(): void {
    if (this.dir === null) return;
    this.index.addTime(this.maxTimestamp, this.nextOffset - this.baseOffset);
    fs.writeFileSync(segmentFileName(this.dir, this.baseOffset, 'index'), this.index.encodeOffsets());
    fs.writeFileSync(segmentFileName(this.dir, this.baseOffset, 'timeindex'), this.index.encodeTimes());
  }

  #loadIndex(): boolean {
    const dir = this.dir!;
    let offsets: Buffer;
    let times: Buffer;
    try {
      offsets = fs.readFileSync(segmentFileName(dir, this.baseOffset, 'index'));
      times = fs.readFileSync(segmentFileName(dir, this.baseOffset, 'timeindex'));
    } catch {
      return false;
    }
    const size = this.storage.size;
    const idx = SegmentIndex.decode(offsets, times, size);
    const last = idx?.lastTimeEntry();
    if (!idx || !last || size === 0) return false;
    const lastEntry = idx.lastOffsetEntry();
    // The closing time entry holds nextOffset: past every indexed batch.
    if (last.rel <= (lastEntry?.rel ?? 0)) return false;
    this.index = idx;
    this.maxTimestamp = last.ts;
    this.nextOffset = this.baseOffset + last.rel;
    this.#bytesSinceIndex = size - (lastEntry?.pos ?? 0);
    // A sane-looking but stale index must point at a batch with the offset it claims.
    if (lastEntry) {
      const head = this.storage.peek(lastEntry.pos, LOCATE_HEADER);
      if (head.length < LOCATE_HEADER || baseOffsetOf(head, 0) !== this.baseOffset + lastEntry.rel) return false;
    }
    const first = this.storage.peek(0, 64);
    if (first.length >= 43) {
      const ts = maxTimestampOf(first, 0);
      if (ts >= 0) this.createdAt = ts;
    }
    return true;
  }

  /** Swaps in rewritten bytes (compaction): a synced `<log>.cleaned` file is renamed over the log file. */
  replaceStorage(next: SegmentStorage): void {
    if (this.dir !== null && next instanceof FileStorage) {
      next.syncNow();
      // Index files go first: a crash after this point rebuilds them from whichever log file survived.
      fs.rmSync(segmentFileName(this.dir, this.baseOffset, 'index'), { force: true });
      fs.rmSync(segmentFileName(this.dir, this.baseOffset, 'timeindex'), { force: true });
      fs.renameSync(next.path, segmentFileName(this.dir, this.baseOffset, 'log'));
    }
    this.storage.close();
    this.storage = next;
    this.recover();
    this.persistIndex();
  }

  close(): void {
    this.storage.close();
  }

  /** Closes and deletes the segment's files. */
  remove(): void {
    this.storage.close();
    if (this.dir !== null) LogSegment.removeFiles(this.dir, this.baseOffset);
  }
}
