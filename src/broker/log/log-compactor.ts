// Log compaction (cleanup.policy=compact): the latest record per key survives, offsets are preserved (a
// compacted log has gaps), tombstones go once older than delete.retention.ms. Batches that lose records are
// rebuilt with their original baseOffset, lastOffsetDelta, producer fields and compression; untouched batches
// are copied byte for byte. Transactional and control batches are kept whole and do not take part (a
// conservative choice: an aborted record must never shadow a committed one).
import * as fs from 'node:fs';
import { attributesOf, isControl, isTransactional } from './batch-fields.js';
import { scanBatches } from './batch-scanner.js';
import type { LogConfig } from './log-config.js';
import { segmentFileName, type LogSegment } from './log-segment.js';
import { FileStorage, MemoryStorage, type SegmentStorage } from './segment-storage.js';
import { buildBatch, decodeRecords, readBatchHeader, type DecodedRecord } from '../protocol/record-batch.js';
import { canCompress } from '../protocol/compression/codec.js';

export interface CompactionStats {
  segmentsCleaned: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

/**
 * Compacts `cleanable` (the inactive segments, oldest first) using keys seen in `all` segments. Only the prefix of
 * segments older than min.compaction.lag.ms is rewritten. Neighbours whose combined size fits segment.bytes are
 * cleaned into one file (named after the first), so repeated compaction does not pile up tiny segments;
 * `onMerged(first, absorbed)` tells the log which segments now live inside `first`.
 */
export function compactSegments(
  cleanable: LogSegment[],
  all: LogSegment[],
  config: LogConfig,
  now: number,
  onMerged: (first: LogSegment, absorbed: LogSegment[]) => void,
): CompactionStats {
  const stats: CompactionStats = { segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };
  let n = 0;
  while (n < cleanable.length && now - cleanable[n]!.retentionTimestamp >= config.minCompactionLagMs) n++;
  if (n === 0) return stats;
  const latest = latestOffsets(all);
  for (const group of groupSegments(cleanable.slice(0, n), config.segmentBytes)) {
    let before = 0;
    for (const seg of group) before += seg.size;
    const result = rewrite(group, latest, config, now);
    if (result === null) continue;
    const [first, ...absorbed] = group as [LogSegment, ...LogSegment[]];
    first.replaceStorage(result.storage);
    for (const seg of absorbed) seg.remove();
    onMerged(first, absorbed);
    stats.segmentsCleaned += group.length;
    stats.bytesBefore += before;
    stats.bytesAfter += first.size;
    stats.recordsRemoved += result.removed;
  }
  return stats;
}

/** Consecutive runs whose total size fits one segment and whose offsets fit the int32 relative index. */
function groupSegments(segs: LogSegment[], segmentBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let cur: LogSegment[] = [];
  let bytes = 0;
  for (const seg of segs) {
    if (cur.length > 0 && (bytes + seg.size > segmentBytes || !cur[0]!.canHold(seg.nextOffset))) {
      groups.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(seg);
    bytes += seg.size;
  }
  if (cur.length > 0) groups.push(cur);
  return groups;
}

function forEachPlainBatch(seg: LogSegment, visit: (batch: Buffer) => void): void {
  scanBatches(seg.storage, 0, (buf, at, _pos, size) => {
    const attrs = attributesOf(buf, at);
    if (!isControl(attrs) && !isTransactional(attrs)) visit(buf.subarray(at, at + size));
    return true;
  });
}

/** key (as a latin1 string: one char per byte) → offset of its latest record. */
function latestOffsets(segments: LogSegment[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const seg of segments) {
    forEachPlainBatch(seg, (batch) => {
      let records: DecodedRecord[];
      try {
        records = decodeRecords(batch);
      } catch {
        return; // undecodable batch: it is kept as is and shadows nothing
      }
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        if (r.key !== null) latest.set(r.key.toString('latin1'), r.offset);
      }
    });
  }
  return latest;
}

function rewrite(
  group: LogSegment[],
  latest: Map<string, number>,
  config: LogConfig,
  now: number,
): { storage: SegmentStorage; removed: number } | null {
  const first = group[0]!;
  const out: SegmentStorage =
    first.dir === null ? new MemoryStorage() : new FileStorage(`${segmentFileName(first.dir, first.baseOffset, 'log')}.cleaned`);
  let removed = 0;
  for (const seg of group) scanBatches(seg.storage, 0, (buf, at, _pos, size) => {
    const batch = buf.subarray(at, at + size);
    const attrs = attributesOf(buf, at);
    let records: DecodedRecord[] | null = null;
    if (!isControl(attrs) && !isTransactional(attrs)) {
      try {
        records = decodeRecords(batch);
      } catch {
        records = null;
      }
    }
    if (records === null) {
      out.append(batch);
      return true;
    }
    const kept: DecodedRecord[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.key === null) {
        kept.push(r);
        continue;
      }
      if (latest.get(r.key.toString('latin1')) !== r.offset) continue; // superseded
      if (r.value === null && now - r.timestamp > config.deleteRetentionMs) continue; // expired tombstone
      kept.push(r);
    }
    removed += records.length - kept.length;
    if (kept.length === records.length) out.append(batch);
    else if (kept.length > 0) out.append(rebuild(batch, kept));
    return true;
  });
  if (removed === 0 && group.length === 1) {
    out.close();
    if (out instanceof FileStorage) fs.rmSync(out.path, { force: true });
    return null;
  }
  return { storage: out, removed };
}

function rebuild(batch: Buffer, kept: DecodedRecord[]): Buffer {
  const h = readBatchHeader(batch, 0);
  return buildBatch({
    baseOffset: h.baseOffset,
    records: kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offsetDelta })),
    compression: canCompress(h.compression) ? h.compression : 0,
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
    partitionLeaderEpoch: h.partitionLeaderEpoch,
    timestampType: h.timestampType,
    baseTimestamp: h.baseTimestamp,
    lastOffsetDelta: h.lastOffsetDelta,
  });
}
