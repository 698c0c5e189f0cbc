// Fetch-path throughput of PartitionLog.read (sequential consumer, 1 MB per read) beside plain fs.readSync of
// the same segment files. Run: node --import tsx bench/broker/log-read.bench.ts [dataDir]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PartitionLog } from '../../src/broker/log/partition-log.js';
import { buildBatch } from '../../src/broker/protocol/record-batch.js';

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(process.argv[2] ?? os.tmpdir(), 'trib-log-read-'));
const TOTAL = 256 * MB;
const READ = 1 * MB;

try {
  const log = await PartitionLog.open({ dir, config: { flushPolicy: 'interval', segmentBytes: 64 * MB } });
  const value = Buffer.alloc(1024, 'v');
  const batch = buildBatch({ records: Array.from({ length: 16 }, () => ({ value })) });
  for (let written = 0; written < TOTAL; written += batch.length) log.append(Buffer.from(batch));
  await log.flush();
  console.log(`PartitionLog read benchmark — ${(log.size / MB).toFixed(0)} MB in ${log.segmentCount} segments, ${READ / MB} MB per read`);

  for (let round = 0; round < 2; round++) {
    let t0 = performance.now();
    let bytes = 0;
    let reads = 0;
    for (let off = 0; off < log.logEndOffset; ) {
      const chunk = log.read(off, READ);
      bytes += chunk.length;
      reads++;
      // next offset = last batch's base + lastOffsetDelta + 1, read from the tail of the chunk like a consumer would
      let at = 0;
      let last = off;
      while (at < chunk.length) {
        last = chunk.readInt32BE(at) * 2 ** 32 + chunk.readUInt32BE(at + 4) + chunk.readInt32BE(at + 23);
        at += 12 + chunk.readInt32BE(at + 8);
      }
      off = last + 1;
    }
    let ms = performance.now() - t0;
    console.log(`  PartitionLog.read                     ${((bytes / MB) / (ms / 1000)).toFixed(0).padStart(6)} MB/s  (${reads} reads)`);

    t0 = performance.now();
    bytes = 0;
    const buf = Buffer.allocUnsafe(READ);
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
      const fd = fs.openSync(path.join(dir, name), 'r');
      for (let pos = 0, n; (n = fs.readSync(fd, buf, 0, READ, pos)) > 0; pos += n) bytes += n;
      fs.closeSync(fd);
    }
    ms = performance.now() - t0;
    console.log(`  baseline fs.readSync (same files)     ${((bytes / MB) / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
  }
  await log.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
