// Child process for the kill -9 durability test: appends with flushPolicy 'always' from several concurrent
// "producers" and prints `ack <baseOffset> <lastOffset> <tag>` only after flush() resolved for that append.
// stdout to a pipe is synchronous on Linux, so a printed ack has left this process before the next append.
import { PartitionLog } from '../../../../src/broker/log/partition-log.js';
import { buildBatch } from '../../../../src/broker/protocol/record-batch.js';

const dir = process.argv[2]!;
const run = process.argv[3] ?? 'r0';
const log = await PartitionLog.open({ dir, config: { flushPolicy: 'always', segmentBytes: 32 * 1024 } });
process.stdout.write(`ready ${log.logEndOffset}\n`);

async function producer(id: number): Promise<never> {
  for (let seq = 0; ; seq++) {
    const tag = `${run}-p${id}-${seq}`;
    const records = [0, 1, 2].map((j) => ({ key: Buffer.from(`p${id}`), value: Buffer.from(`${tag}-${j}-${'z'.repeat(200)}`) }));
    const res = log.append(buildBatch({ records }));
    await log.flush();
    process.stdout.write(`ack ${res.baseOffset} ${res.lastOffset} ${tag}\n`);
  }
}

await Promise.all([0, 1, 2, 3].map(producer));
