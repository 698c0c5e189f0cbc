import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SinkTask } from '../../../../connectors/s3/sink/s3-sink-task.js';
import { startTestS3, type TestS3 } from '../../../support/s3.js';
import { SinkContextStub, bucketContents, records } from './s3-task-harness.js';

/** A TCP proxy in front of s3rver that can refuse connections, to make S3 fail and come back. */
class FlakyProxy {
  down = false;
  readonly #sockets = new Set<Socket>();
  readonly server: Server;
  constructor(targetPort: number) {
    this.server = createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    return (this.server.address() as { port: number }).port;
  }
  /** Refuse new connections and cut the open ones (the SDK keeps connections alive). */
  fail(): void {
    this.down = true;
    for (const s of this.#sockets) s.destroy();
  }
  async close(): Promise<void> {
    this.fail();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

let s3: TestS3;
let proxy: FlakyProxy;
let proxyPort: number;
beforeAll(async () => {
  s3 = await startTestS3();
  proxy = new FlakyProxy(Number(new URL(s3.endpoint).port));
  proxyPort = await proxy.listen();
});
afterAll(async () => {
  await proxy?.close();
  await s3?.stop();
});

describe('S3 sink: S3 failures', () => {
  it('a failed background upload surfaces as a RetriableError, is retried, and the redelivered batch adds no duplicate', async () => {
    const props = {
      ...s3.props, 'store.url': `http://127.0.0.1:${proxyPort}`, 's3.part.retries': '0',
      'topics.dir': 'flaky', 'format.class': 'JsonFormat', 'flush.size': '2',
    };
    const task = new S3SinkTask();
    task.initialize(new SinkContextStub(props));
    await task.start(props);
    await task.open([{ topic: 'f', partition: 0 }]);
    const writer = () => task.writers()[0]!;

    proxy.fail();
    await task.put(records('f', 0, 0, 3)); // batch 0-1 sealed; its upload fails in the background
    await writer().settleUploads();
    expect(await task.preCommit([])).toEqual([]); // nothing is durable, nothing is committed
    await expect(task.put(records('f', 0, 3, 5))).rejects.toMatchObject({ code: 'TRIB_S3_RETRIABLE' });

    proxy.down = false;
    // The runtime redelivers the batch after a backoff until put succeeds.
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        await task.put(records('f', 0, 3, 5));
        break;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('TRIB_S3_RETRIABLE');
        await writer().settleUploads();
      }
      expect(attempts).toBeLessThan(5);
    }
    await writer().settleUploads();
    expect(await task.preCommit([])).toEqual([{ topic: 'f', partition: 0, offset: 4 }]);
    expect(await bucketContents(s3, 'flaky/')).toEqual({
      'flaky/f/partition=0/f+0+0000000000.json': [{ id: 0, p: 0 }, { id: 1, p: 0 }],
      'flaky/f/partition=0/f+0+0000000002.json': [{ id: 2, p: 0 }, { id: 3, p: 0 }],
    });
    await task.stop();
  });

  it('while S3 is down the task stops taking records after two sealed batches, then catches up without loss', async () => {
    const props = {
      ...s3.props, 'store.url': `http://127.0.0.1:${proxyPort}`, 's3.part.retries': '0',
      'topics.dir': 'outage', 'format.class': 'JsonFormat', 'flush.size': '2',
    };
    const task = new S3SinkTask();
    task.initialize(new SinkContextStub(props));
    await task.start(props);
    await task.open([{ topic: 'o', partition: 0 }]);
    const writer = () => task.writers()[0]!;
    proxy.fail();
    // The runtime keeps redelivering from the first record put did not take.
    let next = 0;
    const putFrom = async (): Promise<boolean> => {
      try {
        await task.put(records('o', 0, next, 40));
        next = 40;
        return true;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('TRIB_S3_RETRIABLE');
        next = writer().nextExpected ?? 0;
        return false;
      }
    };
    for (let i = 0; i < 6; i++) {
      expect(await putFrom()).toBe(false);
      expect(writer().sealedBatches).toBeLessThanOrEqual(2);
      expect(next).toBeLessThanOrEqual(6); // at most two sealed batches and one open one were taken
    }
    proxy.down = false;
    for (let i = 0; i < 5 && !(await putFrom()); i++) await writer().settleUploads();
    expect(next).toBe(40);
    await writer().settleUploads();
    const lines = Object.values(await bucketContents(s3, 'outage/')).flat() as { id: number }[];
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await task.stop();
  });

  it('a missing bucket fails with a message naming the keys to check', async () => {
    const props = { ...s3.props, 's3.bucket.name': 'no-such-bucket', 'format.class': 'JsonFormat', 'flush.size': '1' };
    const task = new S3SinkTask();
    task.initialize(new SinkContextStub(props));
    await task.start(props);
    await expect(task.open([{ topic: 'm', partition: 0 }])).rejects.toMatchObject({ code: 'TRIB_S3_ACCESS', message: expect.stringContaining('s3.bucket.name') });
    await task.stop();
  });
});
