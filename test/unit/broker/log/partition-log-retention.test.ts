import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { OffsetOutOfRangeError } from '../../../../src/broker/log/offset-out-of-range-error.js';
import { batchOf, readAll, removeDir, sizedBatch, tempDir } from './log-test-kit.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

async function diskLog(config = {}, clock?: () => number): Promise<PartitionLog> {
  const dir = await tempDir();
  dirs.push(dir);
  return PartitionLog.open({ dir, config, clock });
}

describe('PartitionLog retention', () => {
  it('deletes whole segments older than retention.ms, never the data of newer ones', async () => {
    let now = 10_000;
    const log = await diskLog({ segmentBytes: 1_000, retentionMs: 4_950 }, () => now);
    // 100 batches with timestamps 0, 100, ... 9_900: about 6 batches per segment.
    for (let i = 0; i < 100; i++) log.append(sizedBatch(1, 100, i * 100));
    const segments = log.segmentCount;
    now = 10_000;
    const deleted = log.enforceRetention(now);
    expect(deleted).toBeGreaterThan(0);
    expect(log.segmentCount).toBe(segments - deleted);
    // Cutoff 5_050: segments of 5 batches; [45..49] (max 4_900) goes, [50..54] (max 5_400) stays whole.
    const recs = readAll(log);
    expect(log.logStartOffset).toBe(50);
    expect(recs[0]).toMatchObject({ offset: 50, timestamp: 5_000 });
    expect(recs.at(-1)!.offset).toBe(99);
    expect(() => log.read(0, 100)).toThrow(OffsetOutOfRangeError);
    await log.close();
  });

  it('rolls and deletes the active segment once all of it has expired, keeping the end offset', async () => {
    const log = await diskLog({ retentionMs: 1_000 });
    for (let i = 0; i < 5; i++) log.append(sizedBatch(2, 10, 100));
    expect(log.enforceRetention(5_000)).toBe(1);
    expect(log.logStartOffset).toBe(10);
    expect(log.logEndOffset).toBe(10);
    expect(log.size).toBe(0);
    expect(log.append(sizedBatch(1, 10, 6_000)).baseOffset).toBe(10);
    await log.close();
  });

  it('deletes the oldest segments beyond retention.bytes, but never the active one', async () => {
    const log = await diskLog({ segmentBytes: 1_000, retentionBytes: 2_500 });
    for (let i = 0; i < 60; i++) log.append(sizedBatch(1, 100, 1_000 + i));
    const before = log.size;
    expect(before).toBeGreaterThan(5_000);
    log.enforceRetention(2_000);
    // Kafka's rule: delete while the remainder still holds >= retention.bytes, so size ends within one segment.
    expect(log.size).toBeLessThan(2_500 + 1_000);
    expect(log.size).toBeGreaterThanOrEqual(2_500);
    expect(readAll(log).at(-1)!.offset).toBe(59);
    const tiny = await diskLog({ retentionBytes: 10 });
    tiny.append(sizedBatch(3, 100));
    tiny.enforceRetention(2_000);
    expect(tiny.logEndOffset).toBe(3);
    expect(readAll(tiny)).toHaveLength(3);
    await log.close();
    await tiny.close();
  });

  it('leaves compact-only topics alone', async () => {
    const log = await diskLog({ retentionMs: 1, cleanupPolicy: ['compact'] });
    log.append(sizedBatch(1, 10, 0));
    expect(log.enforceRetention(1_000_000)).toBe(0);
    expect(readAll(log)).toHaveLength(1);
    await log.close();
  });
});

describe('PartitionLog.deleteRecordsBefore', () => {
  it('advances logStartOffset, drops whole segments below it, and survives a reopen', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const log = await PartitionLog.open({ dir, config: { segmentBytes: 500 } });
    for (let i = 0; i < 40; i++) log.append(batchOf([`a${i}`, `b${i}`]));
    const segments = log.segmentCount;
    log.deleteRecordsBefore(31);
    expect(log.logStartOffset).toBe(31);
    expect(log.segmentCount).toBeLessThan(segments);
    expect(() => log.read(30, 100)).toThrow(OffsetOutOfRangeError);
    // Reading at the new start returns the batch containing it (30-31); consumers skip offset 30.
    expect(readAll(log)[0]).toMatchObject({ offset: 31, value: 'b15' });
    log.deleteRecordsBefore(10); // never moves backwards
    expect(log.logStartOffset).toBe(31);
    expect(() => log.deleteRecordsBefore(81)).toThrow(OffsetOutOfRangeError);
    await log.close();
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 500 } });
    expect(again.logStartOffset).toBe(31);
    expect(readAll(again)).toHaveLength(49);
    await again.close();
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('works in memory too, and delete() removes the directory', async () => {
    const mem = await PartitionLog.open({ dir: null, config: { segmentBytes: 300 } });
    for (let i = 0; i < 20; i++) mem.append(batchOf([`v${i}`]));
    mem.deleteRecordsBefore(20);
    expect(mem.logStartOffset).toBe(20);
    expect(mem.read(20, 100).length).toBe(0);
    await mem.close();
    const log = await diskLog();
    log.append(batchOf(['x']));
    await log.delete();
    expect(fs.existsSync(log.dir!)).toBe(false);
  });
});
