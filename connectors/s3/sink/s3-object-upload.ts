/**
 * One object being written: bytes accumulate in memory and, once they reach `s3.part.size`, go out as a
 * multipart-upload part, so a large file never sits in memory whole. `complete()` makes the object
 * visible atomically (a single PutObject when it stayed under one part, else CompleteMultipartUpload).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3Failure } from '../s3-error.js';

export class S3ObjectUpload {
  #chunks: Uint8Array[] = [];
  #pending = 0;
  #uploadId: string | undefined;
  readonly #parts: CompletedPart[] = [];
  #completed = false;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly partSize: number,
    private readonly metadata: Record<string, string>,
  ) {}

  /** Bytes held in memory, not yet uploaded. */
  get bufferedBytes(): number {
    return this.#pending;
  }

  get partsUploaded(): number {
    return this.#parts.length;
  }

  get completed(): boolean {
    return this.#completed;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#chunks.push(bytes);
    this.#pending += bytes.length;
  }

  get partReady(): boolean {
    return this.#pending >= this.partSize;
  }

  /** Uploads the buffered bytes as the next part when there is at least one part's worth. */
  async uploadFullPart(): Promise<void> {
    if (this.#pending < this.partSize) return;
    await this.#uploadPart();
  }

  async complete(): Promise<void> {
    if (this.#completed) return;
    if (this.#uploadId === undefined) {
      const body = this.#take();
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body, Metadata: this.metadata }));
      } catch (err) {
        this.#chunks = [body];
        this.#pending = body.length;
        throw s3Failure(err, 'PutObject', this.bucket, this.key);
      }
    } else {
      if (this.#pending > 0) await this.#uploadPart();
      try {
        await this.client.send(new CompleteMultipartUploadCommand({
          Bucket: this.bucket, Key: this.key, UploadId: this.#uploadId, MultipartUpload: { Parts: this.#parts },
        }));
      } catch (err) {
        throw s3Failure(err, 'CompleteMultipartUpload', this.bucket, this.key);
      }
    }
    this.#completed = true;
  }

  /** Drops the buffered bytes and any started multipart upload (best effort; S3 lifecycle rules clean up the rest). */
  async abort(): Promise<void> {
    this.#chunks = [];
    this.#pending = 0;
    const uploadId = this.#uploadId;
    this.#uploadId = undefined;
    if (uploadId === undefined || this.#completed) return;
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId }));
    } catch {
      // Nothing to undo: an unfinished upload is invisible, and the bucket's lifecycle rule removes it.
    }
  }

  async #uploadPart(): Promise<void> {
    if (this.#uploadId === undefined) {
      try {
        const res = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, Metadata: this.metadata }));
        this.#uploadId = res.UploadId;
      } catch (err) {
        throw s3Failure(err, 'CreateMultipartUpload', this.bucket, this.key);
      }
    }
    const body = this.#take();
    const partNumber = this.#parts.length + 1;
    try {
      const res = await this.client.send(new UploadPartCommand({
        Bucket: this.bucket, Key: this.key, UploadId: this.#uploadId, PartNumber: partNumber, Body: body,
      }));
      this.#parts.push({ PartNumber: partNumber, ETag: res.ETag });
    } catch (err) {
      // Keep the bytes so a retry uploads the same part.
      this.#chunks = [body];
      this.#pending = body.length;
      throw s3Failure(err, 'UploadPart', this.bucket, this.key);
    }
  }

  #take(): Uint8Array {
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#pending);
    this.#chunks = [];
    this.#pending = 0;
    return body;
  }
}
