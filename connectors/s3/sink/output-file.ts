/**
 * One open file of a partition writer: the format encodes records, gzip (optional) compresses them in
 * independent members of about 1 MiB raw each (a multi-member gzip file, which gunzip, Java's
 * GZIPInputStream and Spark read as one stream), and the upload ships full parts as the file grows.
 * With `store.kafka.keys`/`store.kafka.headers` a data file carries companion files (`….keys.json`,
 * `….headers.json`) that take the same records and are committed just before it.
 */
import { gzipSync } from 'node:zlib';
import type { SinkRecord } from '../../../src/api/index.js';
import type { ByteSink, FormatWriter } from '../format/record-format.js';
import type { S3ObjectUpload } from './s3-object-upload.js';

const GZIP_MEMBER_RAW_BYTES = 1024 * 1024;
const TEXT_CHUNK_BYTES = 256 * 1024;
const FIRST_TEXT_CHUNK_BYTES = 4 * 1024;

export class OutputFile implements ByteSink {
  /** Text is UTF-8-encoded straight into this chunk (no per-record Buffer, no string concatenation). */
  #chunk: Buffer | undefined;
  #pos = 0;
  // Chunks start small and double, so thousands of small open files don't each pin 256 KiB.
  #nextChunkBytes = FIRST_TEXT_CHUNK_BYTES;
  #raw: Uint8Array[] = [];
  #rawBytes = 0;
  #finished = false;
  recordCount = 0;

  constructor(
    readonly startOffset: number,
    private readonly writer: FormatWriter,
    readonly upload: S3ObjectUpload,
    private readonly gzipLevel: number | null,
    private readonly companions: readonly OutputFile[] = [],
  ) {}

  /** Bytes this file (and its companions) hold in memory: text and raw bytes not yet compressed, bytes not yet uploaded. */
  get bufferedBytes(): number {
    let n = (this.#chunk?.length ?? 0) + this.#rawBytes + this.upload.bufferedBytes + (this.writer.bufferedBytes ?? 0);
    for (const c of this.companions) n += c.bufferedBytes;
    return n;
  }

  /** True once this object and its companions are uploaded. */
  get completed(): boolean {
    return this.upload.completed && this.companions.every((c) => c.completed);
  }

  get partsUploaded(): number {
    let n = this.upload.partsUploaded;
    for (const c of this.companions) n += c.partsUploaded;
    return n;
  }

  accepts(record: SinkRecord): boolean {
    return this.writer.accepts === undefined || this.writer.accepts(record);
  }

  /** Encodes the record into this file and its companions, all or none (a bad record throws before any is written). */
  append(record: SinkRecord): void {
    for (const c of this.companions) c.check(record);
    this.writer.write(record, this);
    for (const c of this.companions) c.append(record);
    this.recordCount++;
  }

  check(record: SinkRecord): void {
    this.writer.check?.(record);
  }

  /** True when this object or a companion has a full multipart part buffered. */
  get partReady(): boolean {
    return this.upload.partReady || this.companions.some((c) => c.partReady);
  }

  /** Ships a multipart part of every object that has a full one buffered. */
  async uploadFullParts(): Promise<void> {
    if (this.upload.partReady) await this.upload.uploadFullPart();
    for (const c of this.companions) await c.uploadFullParts();
  }

  /** ByteSink: text is UTF-8-encoded into chunks of up to 256 KiB, not one Buffer per record. */
  writeText(text: string): void {
    const worst = text.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    let chunk = this.#chunk;
    if (chunk === undefined || chunk.length - this.#pos < worst) {
      this.#flushText();
      chunk = this.#chunk = Buffer.allocUnsafe(Math.max(this.#nextChunkBytes, worst));
      this.#nextChunkBytes = Math.min(this.#nextChunkBytes * 2, TEXT_CHUNK_BYTES);
    }
    this.#pos += chunk.write(text, this.#pos, 'utf8');
  }

  /** ByteSink: called by the format writer. */
  write(bytes: Uint8Array): void {
    if (this.#pos > 0) this.#flushText();
    this.#bytes(bytes);
  }

  #flushText(): void {
    const chunk = this.#chunk;
    const used = this.#pos;
    this.#chunk = undefined;
    this.#pos = 0;
    if (chunk === undefined || used === 0) return;
    // A mostly empty chunk is copied out so the big buffer is not kept alive until the upload.
    this.#bytes(used < chunk.length / 2 ? Buffer.from(chunk.subarray(0, used)) : chunk.subarray(0, used));
  }

  #bytes(bytes: Uint8Array): void {
    if (this.gzipLevel === null) {
      this.upload.append(bytes);
      return;
    }
    this.#raw.push(bytes);
    this.#rawBytes += bytes.length;
    if (this.#rawBytes >= GZIP_MEMBER_RAW_BYTES) this.#compress();
  }

  /** Ends the file's bytes (format trailer, last text chunk, last gzip member). No I/O; once only. */
  seal(): void {
    for (const c of this.companions) c.seal();
    if (this.#finished) return;
    this.writer.finish(this);
    this.#flushText();
    if (this.gzipLevel !== null) this.#compress();
    this.#finished = true;
  }

  /** Seals the file and makes the objects visible, companions first (a reader that sees the data file finds them). Safe to retry. */
  async commit(): Promise<void> {
    this.seal();
    await Promise.all(this.companions.map((c) => c.commit()));
    await this.upload.complete();
  }

  async abort(): Promise<void> {
    this.#chunk = undefined;
    this.#pos = 0;
    this.#raw = [];
    this.#rawBytes = 0;
    await Promise.all([this.upload.abort(), ...this.companions.map((c) => c.abort())]);
  }

  #compress(): void {
    if (this.#rawBytes === 0) return;
    const raw = this.#raw.length === 1 ? this.#raw[0]! : Buffer.concat(this.#raw, this.#rawBytes);
    this.#raw = [];
    this.#rawBytes = 0;
    this.upload.append(gzipSync(raw, { level: this.gzipLevel! }));
  }
}
