// Shared helpers for the partition-log tests: real RecordBatch bytes, temp dirs, and a full-log reader.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBatch, decodeRecords, iterateBatches, verifyCrc } from '../../../../src/broker/protocol/record-batch.js';
import type { PartitionLog } from '../../../../src/broker/log/partition-log.js';

export function batchOf(values: Array<string | null>, opts: { keys?: Array<string | null>; timestamp?: number; compression?: number } = {}): Buffer {
  const ts = opts.timestamp ?? 1_000;
  return buildBatch({
    compression: opts.compression ?? 0,
    records: values.map((v, i) => ({
      key: opts.keys?.[i] == null ? null : Buffer.from(opts.keys[i]!),
      value: v === null ? null : Buffer.from(v),
      timestamp: ts + i,
    })),
  });
}

/** A batch of `count` records with `valueBytes`-byte values. */
export function sizedBatch(count: number, valueBytes: number, timestamp = 1_000): Buffer {
  const v = 'x'.repeat(valueBytes);
  return batchOf(Array.from({ length: count }, () => v), { timestamp });
}

export async function tempDir(): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), 'trib-log-'));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.promises.rm(dir, { recursive: true, force: true });
}

export interface ReadBackRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
}

/** Every record from logStartOffset to the end, fetching batch by batch like a consumer; checks CRCs. */
export function readAll(log: PartitionLog, maxBytes = 64 * 1024): ReadBackRecord[] {
  const out: ReadBackRecord[] = [];
  let next = log.logStartOffset;
  while (next < log.logEndOffset) {
    const chunk = log.read(next, maxBytes);
    if (chunk.length === 0) break;
    for (const b of iterateBatches(chunk)) {
      if (!verifyCrc(b.bytes)) throw new Error(`bad CRC at offset ${b.header.baseOffset}`);
      for (const r of decodeRecords(b.bytes)) {
        if (r.offset < next) continue;
        out.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp });
      }
      next = b.header.baseOffset + b.header.lastOffsetDelta + 1;
    }
  }
  return out;
}

export function baseOffsets(chunk: Buffer): number[] {
  return [...iterateBatches(chunk)].map((b) => b.header.baseOffset);
}
