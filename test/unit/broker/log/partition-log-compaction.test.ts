import { afterEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { buildControlBatch, iterateBatches } from '../../../../src/broker/protocol/record-batch.js';
import { batchOf, readAll, removeDir, tempDir, type ReadBackRecord } from './log-test-kit.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

const compactConfig = { cleanupPolicy: ['compact'] as const, segmentBytes: 2_000, deleteRetentionMs: 1_000, minCompactionLagMs: 0 };

function latestByKey(recs: ReadBackRecord[]): Map<string, ReadBackRecord> {
  const m = new Map<string, ReadBackRecord>();
  for (const r of recs) m.set(r.key!, r);
  return m;
}

describe.each(['memory', 'disk'] as const)('PartitionLog compaction (%s)', (mode) => {
  async function openLog(dir: string | null): Promise<PartitionLog> {
    return PartitionLog.open({ dir, config: compactConfig });
  }
  async function newDir(): Promise<string | null> {
    if (mode === 'memory') return null;
    const d = await tempDir();
    dirs.push(d);
    return d;
  }

  it('keeps only the latest value per key, preserving offsets, and shrinks the log', async () => {
    const dir = await newDir();
    const log = await openLog(dir);
    // 20 keys x 30 updates, 4 records per batch, gzip for every other batch.
    let n = 0;
    for (let round = 0; round < 30; round++) {
      for (let k = 0; k < 20; k += 4) {
        const keys = [0, 1, 2, 3].map((j) => `key-${k + j}`);
        log.append(batchOf(keys.map((key) => `${key}=v${round}`), { keys, timestamp: 1_000 + n++, compression: n % 2 ? 1 : 0 }));
      }
    }
    const before = readAll(log);
    const expected = latestByKey(before);
    const sizeBefore = log.size;
    const stats = log.compact(10_000);
    expect(stats.segmentsCleaned).toBeGreaterThan(0);
    expect(stats.recordsRemoved).toBeGreaterThan(400);
    expect(log.size).toBeLessThan(sizeBefore / 3);
    const after = readAll(log);
    // Offsets are preserved: every surviving record has the offset it was written at.
    const byOffset = new Map(before.map((r) => [r.offset, r]));
    for (const r of after) expect(byOffset.get(r.offset)).toEqual(r);
    expect(latestByKey(after)).toEqual(expected);
    for (const r of expected.values()) expect(after).toContainEqual(r);
    // Below the active segment every key appears at most once.
    const activeBase = log.segmentBaseOffsets().at(-1)!;
    const compacted = after.filter((r) => r.offset < activeBase).map((r) => r.key);
    expect(new Set(compacted).size).toBe(compacted.length);
    expect(log.logEndOffset).toBe(600);
    if (dir !== null) {
      await log.close();
      const again = await openLog(dir);
      expect(readAll(again)).toEqual(after);
      expect(again.compact(10_000).segmentsCleaned).toBe(0); // already clean
      await again.close();
    } else await log.close();
  });

  it('removes tombstones only after delete.retention.ms, and keeps control batches', async () => {
    const dir = await newDir();
    const log = await openLog(dir);
    log.append(batchOf(['a1', 'b1'], { keys: ['a', 'b'], timestamp: 100 }));
    log.append(buildControlBatch({ producerId: 7, producerEpoch: 0, commit: true, coordinatorEpoch: 0, timestamp: 101 }));
    log.append(batchOf([null, 'b2'], { keys: ['a', 'b'], timestamp: 200 })); // tombstone for a
    for (let i = 0; i < 40; i++) log.append(batchOf([`c${i}`], { keys: [`c${i}`], timestamp: 300 + i })); // roll past them
    expect(log.segmentCount).toBeGreaterThan(1);

    log.compact(700); // tombstone is 500 ms old: kept
    let recs = readAll(log);
    expect(recs.filter((r) => r.key === 'a')).toEqual([{ offset: 3, key: 'a', value: null, timestamp: 200 }]);
    expect(recs.filter((r) => r.key === 'b').map((r) => r.value)).toEqual(['b2']);

    log.compact(5_000); // now older than delete.retention.ms: gone
    recs = readAll(log);
    expect(recs.filter((r) => r.key === 'a')).toEqual([]);
    expect(recs.filter((r) => r.key === 'b').map((r) => r.offset)).toEqual([4]);
    const first = [...iterateBatches(log.read(0, 1 << 20))];
    expect(first.some((b) => b.header.isControl && b.header.baseOffset === 2)).toBe(true);
    await log.close();
  });

  it('does not touch segments younger than min.compaction.lag.ms', async () => {
    const log = await PartitionLog.open({ dir: await newDir(), config: { ...compactConfig, minCompactionLagMs: 10_000 } });
    for (let i = 0; i < 100; i++) log.append(batchOf([`v${i}`], { keys: ['same'], timestamp: 1_000 + i }));
    expect(log.compact(5_000).segmentsCleaned).toBe(0);
    expect(readAll(log)).toHaveLength(100);
    expect(log.compact(50_000).segmentsCleaned).toBeGreaterThan(0);
    expect(readAll(log).length).toBeLessThan(100);
    await log.close();
  });
});

describe('PartitionLog compaction merges small segments', () => {
  it('cleans shrunken neighbours into one segment, and a crash before the old files are gone is repaired on open', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = await tempDir();
    dirs.push(dir);
    const config = { ...compactConfig, segmentBytes: 3_000 };
    const log = await PartitionLog.open({ dir, config });
    // One record in three has a unique key (survives), the rest update five hot keys.
    for (let i = 0; i < 600; i++) log.append(batchOf([`v${i}`], { keys: [i % 3 ? `k${i % 5}` : `u${i}`], timestamp: 1_000 + i }));
    const segmentsBefore = log.segmentCount;
    expect(segmentsBefore).toBeGreaterThan(10);
    log.compact(10_000); // every segment shrinks to about a third; no merge yet (each one was full)
    expect(log.segmentCount).toBe(segmentsBefore);
    const afterFirst = readAll(log);
    expect(afterFirst.length).toBeLessThan(250);
    const stats = log.compact(10_000); // nothing left to remove, but the small ones merge
    expect(stats.recordsRemoved).toBe(0);
    expect(log.segmentCount).toBeLessThan(segmentsBefore * 0.6);
    expect(readAll(log)).toEqual(afterFirst);
    const merged = readAll(log);
    await log.close();

    // Put back a stale copy of a segment that the merge absorbed, as if the process died before deleting it.
    const stale = path.join(dir, `${String(5).padStart(20, '0')}.log`);
    fs.writeFileSync(stale, Buffer.concat(Array.from({ length: 3 }, (_, j) => {
      const b = batchOf([`stale${j}`], { keys: ['k0'], timestamp: 1 });
      b.writeBigInt64BE(BigInt(5 + j), 0);
      return b;
    })));
    const again = await PartitionLog.open({ dir, config });
    expect(readAll(again)).toEqual(merged);
    expect(fs.existsSync(stale)).toBe(false);
    await again.close();
  });
});
