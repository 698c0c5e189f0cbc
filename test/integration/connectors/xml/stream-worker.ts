/**
 * Child process for the large-file test: runs one XmlSourceTask over a directory with offsets in a
 * FileOffsetStore, "acknowledges" every record it polled (stores its offset), and stops after `limit`
 * records (or at the end of the data). Prints one JSON line: count, first/last id, peak heap.
 *
 *     node --max-old-space-size=48 bin/run-ts.js stream-worker.ts <dir> <offsets.json> <limit>
 */
import { silentLogger } from '../../../../src/api/index.js';
import { XmlSourceTask } from '../../../../connectors/xml/xml-source-task.js';
import { FileOffsetStore } from '../../../../src/storage/file-offset-store.js';
import { offsetKey } from '../../../../src/storage/offset-key.js';
import { StoreOffsetReader } from '../../../../src/storage/store-offset-reader.js';

const [dir, offsetsPath, limitText] = process.argv.slice(2) as [string, string, string];
const limit = Number(limitText);
const store = new FileOffsetStore(offsetsPath);
await store.start();
const props = { topic: 't', 'input.path': dir, 'xml.record.path': 'orders/order', 'batch.size': '500', 'poll.interval.ms': '10' };
const task = new XmlSourceTask();
task.initialize({ configs: () => props, offsetStorageReader: new StoreOffsetReader(store, 'big'), transactionContext: () => null, log: silentLogger });
task.start(props);

let count = 0;
let first: number | undefined;
let last: number | undefined;
let peakHeap = 0;
while (count < limit) {
  const batch = await task.poll();
  if (batch === null) break;
  const take = Math.min(batch.length, limit - count);
  for (let i = 0; i < take; i++) {
    const id = (batch[i]!.value as { id: number }).id;
    first ??= id;
    last = id;
  }
  count += take;
  const acked = batch[take - 1]!;
  await store.set(new Map([[offsetKey('big', acked.sourcePartition!), JSON.stringify(acked.sourceOffset)]]));
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
await task.stop();
await store.stop();
process.stdout.write(JSON.stringify({ count, first, last, peakHeapMB: Math.round(peakHeap / 1048576) }) + '\n');
