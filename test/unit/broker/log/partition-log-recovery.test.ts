import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { batchOf, readAll, removeDir, tempDir } from './log-test-kit.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const segFile = (base: number, ext: string) => path.join(dir, `${String(base).padStart(20, '0')}.${ext}`);

async function fill(n: number, config = {}): Promise<PartitionLog> {
  const log = await PartitionLog.open({ dir, config });
  for (let i = 0; i < n; i++) log.append(batchOf([`v${i}a`, `v${i}b`], { keys: [`k${i}`, `k${i}`], timestamp: 100 + i }));
  return log;
}

/** Simulates kill -9: the fds are left to the OS, no close(), no clean-shutdown marker. */
function crash(log: PartitionLog): void {
  void log; // nothing to do: writes already reached the page cache; the marker is only written by close()
}

describe('PartitionLog recovery', () => {
  it('reopens a cleanly closed log with the same contents and keeps appending contiguously', async () => {
    const log = await fill(20, { segmentBytes: 600 });
    const before = readAll(log);
    const segments = log.segmentCount;
    await log.close();
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 600 } });
    expect(again.recoveredBytes).toBe(0);
    expect(again.segmentCount).toBe(segments);
    expect(again.logEndOffset).toBe(40);
    expect(readAll(again)).toEqual(before);
    expect(again.append(batchOf(['x'])).baseOffset).toBe(40);
    expect(again.offsetForTimestamp(110)).toEqual({ offset: 19, timestamp: 110 });
    await again.close();
  });

  it('truncates a torn tail (partial last batch) after an unclean stop', async () => {
    const log = await fill(10);
    crash(log);
    const file = segFile(0, 'log');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 7);
    const again = await PartitionLog.open({ dir });
    expect(again.recoveredBytes).toBeGreaterThan(0);
    expect(again.logEndOffset).toBe(18);
    expect(readAll(again).map((r) => r.offset)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(again.append(batchOf(['new'])).baseOffset).toBe(18);
    expect(readAll(again).at(-1)).toMatchObject({ offset: 18, value: 'new' });
    await again.close();
  });

  it('drops a tail batch whose bytes are corrupt (CRC mismatch), and garbage after it', async () => {
    const log = await fill(10);
    crash(log);
    const file = segFile(0, 'log');
    const bytes = fs.readFileSync(file);
    const lastBatchSize = batchOf(['v9a', 'v9b'], { keys: ['k9', 'k9'] }).length;
    bytes[bytes.length - lastBatchSize + 70] ^= 0xff; // inside the records of the last batch
    fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from('garbage-garbage-garbage-garbage-garbage-garbage-garbage-garbage-')]));
    const again = await PartitionLog.open({ dir });
    expect(again.logEndOffset).toBe(18);
    expect(readAll(again)).toHaveLength(18);
    await again.close();
  });

  it('rebuilds a deleted or damaged index and still serves lookups', async () => {
    const log = await fill(200, { segmentBytes: 4_000, indexIntervalBytes: 128 });
    const expected = readAll(log);
    await log.close();
    fs.rmSync(segFile(0, 'index'));
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 4_000, indexIntervalBytes: 128 } });
    expect(again.logEndOffset).toBe(400);
    expect(readAll(again, 300)).toEqual(expected);
    expect(fs.existsSync(segFile(0, 'index'))).toBe(true);
    expect(again.offsetForTimestamp(150)).toEqual({ offset: 99, timestamp: 150 });
    await again.close();
  });

  it('rebuilds a zero-filled time index (as a power loss may leave it)', async () => {
    const log = await fill(200, { segmentBytes: 4_000, indexIntervalBytes: 128 });
    const expected = readAll(log);
    await log.close();
    const damaged = segFile(0, 'timeindex');
    fs.writeFileSync(damaged, Buffer.alloc(fs.statSync(damaged).size));
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 4_000, indexIntervalBytes: 128 } });
    expect(again.logEndOffset).toBe(400);
    expect(readAll(again, 300)).toEqual(expected);
    expect(again.offsetForTimestamp(120)).toEqual({ offset: 39, timestamp: 120 });
    await again.close();
  });

  it('an index that points at the wrong place is detected and rebuilt', async () => {
    const log = await fill(100, { segmentBytes: 3_000, indexIntervalBytes: 64 });
    const expected = readAll(log);
    await log.close();
    const idx = fs.readFileSync(segFile(0, 'index'));
    idx.writeInt32BE(idx.readInt32BE(idx.length - 4) + 3, idx.length - 4); // last position off by 3 bytes
    fs.writeFileSync(segFile(0, 'index'), idx);
    const again = await PartitionLog.open({ dir });
    expect(readAll(again, 200)).toEqual(expected);
    await again.close();
  });

  it('recovers many segments after an unclean stop with a torn active segment', async () => {
    const log = await fill(100, { segmentBytes: 1_000 });
    crash(log);
    const bases = log.segmentBaseOffsets();
    expect(bases.length).toBeGreaterThan(3);
    const last = segFile(bases.at(-1)!, 'log');
    fs.truncateSync(last, fs.statSync(last).size - 1);
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 1_000 } });
    expect(again.logEndOffset).toBe(198);
    const offsets = readAll(again).map((r) => r.offset);
    expect(offsets).toEqual(Array.from({ length: 198 }, (_, i) => i));
    await again.close();
  });

  it('a torn segment before the last ends the log there (later segments cannot follow contiguously)', async () => {
    const log = await fill(60, { segmentBytes: 1_000 });
    crash(log);
    const bases = log.segmentBaseOffsets();
    const second = segFile(bases.at(-2)!, 'log');
    fs.truncateSync(second, fs.statSync(second).size - 5);
    const again = await PartitionLog.open({ dir, config: { segmentBytes: 1_000 } });
    const offsets = readAll(again).map((r) => r.offset);
    expect(again.logEndOffset).toBe(bases.at(-1)! - 2);
    expect(offsets).toEqual(Array.from({ length: again.logEndOffset }, (_, i) => i));
    expect(fs.existsSync(segFile(bases.at(-1)!, 'log'))).toBe(false);
    expect(again.append(batchOf(['next'])).baseOffset).toBe(again.logEndOffset - 1);
    await again.close();
  });
});
