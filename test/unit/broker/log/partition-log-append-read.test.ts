import { afterEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { OffsetOutOfRangeError } from '../../../../src/broker/log/offset-out-of-range-error.js';
import { readBatchHeader } from '../../../../src/broker/protocol/record-batch.js';
import { baseOffsets, batchOf, readAll, removeDir, sizedBatch, tempDir } from './log-test-kit.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

describe.each(['memory', 'disk'] as const)('PartitionLog append/read (%s)', (mode) => {
  async function openLog(config: Parameters<typeof PartitionLog.open>[0]['config'] = {}): Promise<PartitionLog> {
    let dir: string | null = null;
    if (mode === 'disk') {
      dir = await tempDir();
      dirs.push(dir);
    }
    return PartitionLog.open({ dir, config });
  }

  it('assigns contiguous offsets and returns them from append', async () => {
    const log = await openLog();
    expect(log.append(batchOf(['a', 'b', 'c']))).toMatchObject({ baseOffset: 0, lastOffset: 2 });
    expect(log.append(batchOf(['d']))).toMatchObject({ baseOffset: 3, lastOffset: 3 });
    const two = Buffer.concat([batchOf(['e', 'f']), batchOf(['g'])]);
    expect(log.append(two)).toMatchObject({ baseOffset: 4, lastOffset: 6, maxTimestamp: 1_001 });
    expect(log.logEndOffset).toBe(7);
    expect(log.highWatermark).toBe(7);
    expect(readAll(log).map((r) => [r.offset, r.value])).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((v, i) => [i, v]),
    );
    await log.close();
  });

  it('reads across many segment rolls, and any offset inside a batch returns that batch', async () => {
    const log = await openLog({ segmentBytes: 1_000, indexIntervalBytes: 256 });
    for (let i = 0; i < 200; i++) log.append(batchOf([`v${i}-0`, `v${i}-1`, `v${i}-2`], { timestamp: 10_000 + i }));
    expect(log.segmentCount).toBeGreaterThan(10);
    expect(log.logEndOffset).toBe(600);
    for (let off = 0; off < 600; off += 7) {
      const chunk = log.read(off, 1);
      const h = readBatchHeader(chunk, 0);
      expect(h.baseOffset).toBe(off - (off % 3));
      expect(chunk.length).toBe(12 + h.batchLength); // exactly one whole batch for maxBytes=1
    }
    const all = readAll(log, 500);
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(all[599]!.value).toBe('v199-2');
    await log.close();
  });

  it('returns whole batches up to maxBytes, but at least one batch', async () => {
    const log = await openLog();
    const b = sizedBatch(2, 100);
    for (let i = 0; i < 10; i++) log.append(Buffer.from(b));
    const size = b.length;
    expect(baseOffsets(log.read(0, size * 3))).toEqual([0, 2, 4]);
    expect(baseOffsets(log.read(0, size * 3 + size - 1))).toEqual([0, 2, 4]);
    expect(log.read(0, size * 3 + size - 1).length).toBe(size * 3);
    expect(baseOffsets(log.read(5, 10))).toEqual([4]);
    expect(baseOffsets(log.read(0, 1 << 20))).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    await log.close();
  });

  it('stops before a batch reaching maxOffset', async () => {
    const log = await openLog();
    for (let i = 0; i < 5; i++) log.append(batchOf(['a', 'b']));
    expect(baseOffsets(log.read(0, 1 << 20, { maxOffset: 6 }))).toEqual([0, 2, 4]);
    expect(baseOffsets(log.read(0, 1 << 20, { maxOffset: 5 }))).toEqual([0, 2]);
    expect(log.read(6, 1 << 20, { maxOffset: 6 }).length).toBe(0);
    await log.close();
  });

  it('is empty at the end and throws OffsetOutOfRange outside the log', async () => {
    const log = await openLog();
    log.append(batchOf(['a', 'b']));
    expect(log.read(2, 100).length).toBe(0);
    expect(() => log.read(3, 100)).toThrow(OffsetOutOfRangeError);
    expect(() => log.read(-1, 100)).toThrow(OffsetOutOfRangeError);
    await log.close();
  });

  it('stamps LogAppendTime batches with the broker time and a valid CRC', async () => {
    const log = await openLog({ messageTimestampType: 'LogAppendTime' });
    const res = log.append(batchOf(['a']), { logAppendTime: 5_555 });
    expect(res.maxTimestamp).toBe(5_555);
    const [rec] = readAll(log);
    expect(rec!.timestamp).toBe(5_555);
    await log.close();
  });

  it('rejects bytes that are not a record batch, leaving the log unchanged', async () => {
    const log = await openLog();
    log.append(batchOf(['a']));
    expect(() => log.append(Buffer.alloc(30))).toThrow(/truncated/);
    const bad = batchOf(['b']);
    bad.writeInt8(1, 16);
    expect(() => log.append(bad)).toThrow(/magic/);
    expect(log.logEndOffset).toBe(1);
    await log.close();
  });

  it('finds offsets by timestamp', async () => {
    const log = await openLog({ segmentBytes: 1_000, indexIntervalBytes: 100 });
    for (let i = 0; i < 50; i++) log.append(batchOf(['a', 'b'], { timestamp: 1_000 + i * 10 })); // records at t, t+1
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1_000 });
    expect(log.offsetForTimestamp(1_001)).toEqual({ offset: 1, timestamp: 1_001 });
    expect(log.offsetForTimestamp(1_002)).toEqual({ offset: 2, timestamp: 1_010 });
    expect(log.offsetForTimestamp(1_255)).toEqual({ offset: 52, timestamp: 1_260 });
    expect(log.offsetForTimestamp(1_491)).toEqual({ offset: 99, timestamp: 1_491 });
    expect(log.offsetForTimestamp(1_492)).toBeNull();
    await log.close();
  });
});

describe('PartitionLog flush and truncate', () => {
  it('flush resolves after appends and concurrent flushes all resolve (disk, always)', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const log = await PartitionLog.open({ dir, config: { flushPolicy: 'always', segmentBytes: 500 } });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      log.append(batchOf([`v${i}`]));
      flushes.push(log.flush());
    }
    await Promise.all(flushes);
    expect(readAll(log)).toHaveLength(50);
    await log.close();
    await log.close(); // idempotent
    expect(() => log.append(batchOf(['late']))).toThrow(/closed/);
  });

  it('interval policy flushes in the background once flush.messages records are unflushed', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const log = await PartitionLog.open({ dir, config: { flushPolicy: 'interval', flushMessages: 3, flushMs: 3_600_000 } });
    log.append(batchOf(['a', 'b']));
    expect(log.flushPending).toBe(true);
    log.append(batchOf(['c']));
    await expect.poll(() => log.flushPending).toBe(false);
    await log.close();
  });

  it('truncateTo removes the batch containing the offset and everything after it', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const log = await PartitionLog.open({ dir, config: { segmentBytes: 400 } });
    for (let i = 0; i < 30; i++) log.append(batchOf([`a${i}`, `b${i}`]));
    log.truncateTo(21);
    expect(log.logEndOffset).toBe(20);
    expect(readAll(log).at(-1)!.offset).toBe(19);
    expect(log.append(batchOf(['x'])).baseOffset).toBe(20);
    await log.close();
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 400 } });
    expect(readAll(again).map((r) => r.value).slice(-2)).toEqual(['b9', 'x']);
    await again.close();
  });
});

describe('PartitionLog.updateConfig', () => {
  it('applies a new segment.bytes to later appends', async () => {
    const log = await PartitionLog.open({ dir: null });
    for (let i = 0; i < 10; i++) log.append(batchOf([`v${i}`]));
    expect(log.segmentCount).toBe(1);
    log.config = { ...log.config, segmentBytes: 200 }; // what the topic manager does on AlterConfigs
    for (let i = 0; i < 10; i++) log.append(batchOf([`w${i}`]));
    expect(log.segmentCount).toBeGreaterThan(3);
    expect(log.config.segmentBytes).toBe(200);
    expect(readAll(log)).toHaveLength(20);
    await log.close();
  });
});
