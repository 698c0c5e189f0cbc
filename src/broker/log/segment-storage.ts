// Where one segment's bytes live: a file (positioned sync writes/reads on an open fd, async fdatasync)
// or a growable in-memory buffer for `dir: null` logs.
import * as fs from 'node:fs';

export interface SegmentStorage {
  /** Bytes written so far (the append position). */
  readonly size: number;
  /** Appends at `size` with as few syscalls as the backend allows (one pwrite for files). */
  append(buf: Buffer): void;
  /** An owned copy of [pos, pos+len) clipped to size. */
  read(pos: number, len: number): Buffer;
  /** Like read, but the result may be a view that later writes change; for immediate scanning only. */
  peek(pos: number, len: number): Buffer;
  truncate(size: number): void;
  /** Makes everything appended so far durable. */
  sync(): Promise<void>;
  /** Releases the fd once in-flight syncs finish; safe to call twice. */
  close(): void;
}

export class FileStorage implements SegmentStorage {
  #fd: number;
  #size: number;
  #inflight = 0;
  #closeRequested = false;
  #closed = false;

  constructor(readonly path: string) {
    this.#fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    this.#size = fs.fstatSync(this.#fd).size;
  }

  get size(): number {
    return this.#size;
  }

  append(buf: Buffer): void {
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.#fd, buf, done, buf.length - done, this.#size + done);
    this.#size += buf.length;
  }

  read(pos: number, len: number): Buffer {
    const n = Math.max(0, Math.min(len, this.#size - pos));
    const out = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const got = fs.readSync(this.#fd, out, done, n - done, pos + done);
      if (got === 0) return out.subarray(0, done);
      done += got;
    }
    return out;
  }

  peek(pos: number, len: number): Buffer {
    return this.read(pos, len);
  }

  truncate(size: number): void {
    fs.ftruncateSync(this.#fd, size);
    this.#size = size;
  }

  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#inflight++;
    return new Promise<void>((resolve, reject) => {
      fs.fdatasync(this.#fd, (err) => {
        this.#inflight--;
        if (this.#closeRequested && this.#inflight === 0) this.#doClose();
        if (err) reject(err);
        else resolve();
      });
    });
  }

  /** Blocking fdatasync, for maintenance paths (compaction) that must not race a rename. */
  syncNow(): void {
    fs.fdatasyncSync(this.#fd);
  }

  close(): void {
    this.#closeRequested = true;
    if (this.#inflight === 0) this.#doClose();
  }

  #doClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    fs.closeSync(this.#fd);
  }
}

export class MemoryStorage implements SegmentStorage {
  #buf: Buffer;
  #size = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(initialCapacity);
  }

  get size(): number {
    return this.#size;
  }

  append(buf: Buffer): void {
    const need = this.#size + buf.length;
    if (need > this.#buf.length) {
      // Readers only ever get copies, so swapping the backing buffer is safe.
      const grown = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2));
      this.#buf.copy(grown, 0, 0, this.#size);
      this.#buf = grown;
    }
    buf.copy(this.#buf, this.#size);
    this.#size = need;
  }

  read(pos: number, len: number): Buffer {
    return Buffer.from(this.peek(pos, len));
  }

  peek(pos: number, len: number): Buffer {
    const end = Math.min(this.#size, pos + len);
    return this.#buf.subarray(pos, Math.max(pos, end));
  }

  truncate(size: number): void {
    this.#size = Math.min(size, this.#size);
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}
