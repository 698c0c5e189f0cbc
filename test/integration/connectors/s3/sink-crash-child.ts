// A sink task in its own process that kills itself with SIGKILL (kill -9) once it has put `killAfter`
// records of each partition — mid-file, with a multipart upload under way. Used by s3-sink-kill.test.ts.
// argv: <props JSON> <killAfter>
import { silentLogger } from '../../../../src/api/index.js';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { CRASH_TOPIC, crashRecords } from './crash-records.js';

const props = JSON.parse(process.argv[2]!) as Record<string, string>;
const killAfter = Number(process.argv[3]);
const partitions = [0, 1];
const task = new S3SinkTask();
task.initialize({
  configs: () => props, offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {},
  requestCommit: () => {}, errantRecordReporter: () => null, log: silentLogger,
});
await task.start(props);
await task.open(partitions.map((partition) => ({ topic: CRASH_TOPIC, partition })));
for (let from = 0; from < killAfter; from += 10) {
  await task.put(partitions.flatMap((p) => crashRecords(p, from, Math.min(from + 10, killAfter))));
}
for (const w of task.writers()) await w.settleUploads(); // sealed batches land; the open file stays half-uploaded
const parts = task.writers().reduce((n, w) => n + w.partsUploaded, 0);
process.stdout.write(JSON.stringify({ partsUploaded: parts }) + '\n', () => process.kill(process.pid, 'SIGKILL'));
