// Durability: a child process appends with flushPolicy 'always' and acks after flush(); it is killed with
// SIGKILL mid-stream; reopening the log must find every acknowledged record, contiguous offsets and no
// corrupt batch. Two rounds, so recovery of an already-recovered log is covered too.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { readAll, removeDir, tempDir } from '../../../unit/broker/log/log-test-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, 'append-child.ts');
const repoRoot = path.resolve(here, '../../../..');

interface Ack { base: number; last: number; tag: string }

/** Runs the child until it has printed `acksWanted` acks, then SIGKILLs it; returns the acks it printed. */
function runAndKill(dir: string, run: string, acksWanted: number): Promise<{ acks: Ack[]; startOffset: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, run], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let startOffset = -1;
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const parts = line.split(' ');
        if (parts[0] === 'ready') startOffset = Number(parts[1]);
        else if (parts[0] === 'ack') acks.push({ base: Number(parts[1]), last: Number(parts[2]), tag: parts[3]! });
      }
      if (!killed && acks.length >= acksWanted) {
        killed = true;
        child.kill('SIGKILL'); // mid-stream: other appends are in flight
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acks, startOffset });
      else reject(new Error(`child exited early (code ${code}): ${stderr}`));
    });
  });
}

describe('PartitionLog durability under kill -9', () => {
  let dir: string;
  afterEach(async () => {
    await removeDir(dir);
  });

  it('keeps every acknowledged append, with contiguous offsets and valid batches', async () => {
    dir = await tempDir();
    const allAcks: Ack[] = [];
    for (const run of ['r0', 'r1']) {
      const { acks, startOffset } = await runAndKill(dir, run, 400);
      expect(acks.length).toBeGreaterThanOrEqual(400);
      allAcks.push(...acks);

      const log = await PartitionLog.open({ dir, config: { segmentBytes: 32 * 1024 } });
      const recs = readAll(log); // throws on a CRC mismatch
      expect(recs.map((r) => r.offset)).toEqual(Array.from({ length: log.logEndOffset }, (_, i) => i));
      expect(log.segmentCount).toBeGreaterThan(3);
      if (run === 'r1') expect(startOffset).toBeGreaterThan(0);
      for (const ack of allAcks) {
        for (let off = ack.base; off <= ack.last; off++) {
          expect(recs[off]?.value?.startsWith(`${ack.tag}-${off - ack.base}-`)).toBe(true);
        }
      }
      await log.close();
    }
  });
});
