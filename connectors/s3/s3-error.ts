/**
 * Classifies an AWS SDK failure for the runtime's error policy: missing buckets and denied access need the
 * user (ConnectError, the task fails with a message saying what to fix); everything else — throttling,
 * 5xx, network — is retried (RetriableError).
 */
import { ConnectError, RetriableError } from '../../src/api/index.js';

const FATAL = new Set(['NoSuchBucket', 'NoSuchKey', 'AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled', 'InvalidBucketName']);

export function s3Failure(err: unknown, action: string, bucket: string, key?: string): ConnectError {
  if (err instanceof ConnectError) return err;
  const name = (err as { name?: string }).name ?? 'Error';
  const where = key === undefined ? `bucket ${bucket}` : `s3://${bucket}/${key}`;
  const message = `S3 ${action} failed for ${where}: ${name}: ${(err as Error).message}`;
  if (FATAL.has(name)) {
    return new ConnectError(`${message} — check s3.bucket.name, s3.region, store.url, the credentials (and, for a missing key, store.kafka.keys/store.kafka.headers)`, { cause: err, code: 'TRIB_S3_ACCESS' });
  }
  return new RetriableError(message, { cause: err, code: 'TRIB_S3_RETRIABLE' });
}
