// Splits a byte stream into Kafka frames (int32 size prefix + payload). No I/O: the connection pushes
// chunks and receives whole frames. Fuzz-safe: a negative or oversized prefix throws InvalidFrameError
// (the caller closes the connection) before any allocation of that size.
import { InvalidFrameError } from './protocol-errors.js';

export class FrameSplitter {
  #rest: Buffer = Buffer.alloc(0);
  #failed = false;

  constructor(private readonly maxFrameBytes: number = 100 * 1024 * 1024) {}

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number { return this.#rest.length; }

  /** Feeds a chunk; calls onFrame once per complete frame (payload without the size prefix), in order. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.#failed) throw new InvalidFrameError(-1, this.maxFrameBytes);
    const buf = this.#rest.length ? Buffer.concat([this.#rest, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 4) {
      const size = buf.readInt32BE(at);
      if (size < 0 || size > this.maxFrameBytes) {
        this.#failed = true;
        this.#rest = Buffer.alloc(0);
        throw new InvalidFrameError(size, this.maxFrameBytes);
      }
      if (buf.length - at - 4 < size) break;
      const frame = buf.subarray(at + 4, at + 4 + size);
      at += 4 + size;
      onFrame(frame);
    }
    // Copy a small remainder so one held-back byte does not pin a large chunk in memory.
    const rest = buf.subarray(at);
    this.#rest = rest.length > 0 && rest.length < 4096 && buf.length > 65536 ? Buffer.from(rest) : rest;
  }
}
