/**
 * A real S3-compatible server for tests: s3rver (from npm) on a free port, storing objects in its own
 * temporary directory, with one bucket created. Hand `clientConfig` to `new S3Client(...)`, or `props`
 * (the S3 connectors' endpoint/credential keys) to a connector config.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** The slice of s3rver's API used here (it ships no types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;

const require = createRequire(import.meta.url);

export interface TestS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Options for `new S3Client(clientConfig)`: endpoint, path-style addressing, dummy credentials. */
  readonly clientConfig: S3ClientConfig;
  /** The S3 connector keys that point at this server and bucket. */
  readonly props: Record<string, string>;
  /** A client for the test's own reads and writes (closed by `stop`). */
  readonly client: S3Client;
  /** Creates another bucket on the same server. */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export async function startTestS3(options: { bucket?: string } = {}): Promise<TestS3> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-s3-'));
  const S3rver = require('s3rver') as S3rverClass;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, vhostBuckets: false });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const region = 'us-east-1';
  const bucket = options.bucket ?? 'test-bucket';
  const clientConfig: S3ClientConfig = {
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
  };
  const client = new S3Client(clientConfig);
  const createBucket = async (name: string): Promise<void> => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  };
  await createBucket(bucket);
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    bucket,
    region,
    clientConfig,
    client,
    props: {
      's3.bucket.name': bucket,
      's3.region': region,
      'store.url': endpoint,
      'aws.access.key.id': ACCESS_KEY,
      'aws.secret.access.key': SECRET_KEY,
    },
    createBucket,
    stop: () =>
      (stopped ??= (async () => {
        client.destroy();
        try {
          await server.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      })()),
  };
}
