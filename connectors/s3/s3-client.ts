/** Builds the AWS SDK client from the connection keys (custom endpoint, path style, static or default-chain credentials). */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Password } from '../../src/api/index.js';

export interface S3ConnectionConfig {
  's3.region': string;
  'store.url': string | null;
  's3.path.style.access.enabled': boolean;
  'aws.access.key.id': string | null;
  'aws.secret.access.key': Password | null;
  's3.part.retries': number;
}

export function createS3Client(cfg: S3ConnectionConfig): S3Client {
  const options: S3ClientConfig = {
    region: cfg['s3.region'],
    forcePathStyle: cfg['s3.path.style.access.enabled'],
    maxAttempts: cfg['s3.part.retries'] + 1,
  };
  const endpoint = cfg['store.url'];
  if (endpoint !== null && endpoint !== '') options.endpoint = endpoint;
  const keyId = cfg['aws.access.key.id'];
  const secret = cfg['aws.secret.access.key'];
  if (keyId !== null && keyId !== '' && secret !== null) {
    options.credentials = { accessKeyId: keyId, secretAccessKey: secret.value() };
  }
  return new S3Client(options);
}
