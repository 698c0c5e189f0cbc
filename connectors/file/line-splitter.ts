/**
 * Splits bytes into text lines the way Kafka's FileStreamSourceTask does: a line ends at `\n`, `\r\n` or a
 * lone `\r`; a trailing partial line (or a trailing `\r` that may be followed by `\n`) waits for more bytes.
 * Pure: no I/O, so it is unit-tested with Buffer literals.
 *
 * Positions are **byte** offsets of the file (Kafka counts chars, which only agrees for ASCII text).
 */
export interface Line {
  readonly text: string;
  /** Byte position just after this line's terminator: where reading resumes. */
  readonly next: number;
}

export class LineSplitter {
  #buf: Buffer = Buffer.alloc(0);
  /** File position of #buf[0]. */
  #base: number;

  constructor(startPosition = 0) {
    this.#base = startPosition;
  }

  /** File position up to which every byte has been handed out as a line. */
  get position(): number {
    return this.#base;
  }

  /** Bytes held back (a partial line). */
  get pending(): number {
    return this.#buf.length;
  }

  push(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
  }

  /** Appends up to `max` complete lines to `out`; returns how many were added. */
  drain(out: Line[], max: number): number {
    const buf = this.#buf;
    let start = 0;
    let added = 0;
    // The next \r is searched once and reused until passed: text without \r stays one scan per chunk.
    let cr = buf.indexOf(13);
    while (added < max) {
      const nl = buf.indexOf(10, start);
      if (cr !== -1 && cr < start) cr = buf.indexOf(13, start);
      let end: number;
      let after: number;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        if (cr + 1 >= buf.length) break; // can't tell \r from \r\n yet
        end = cr;
        after = buf[cr + 1] === 10 ? cr + 2 : cr + 1;
      } else if (nl !== -1) {
        end = nl;
        after = nl + 1;
      } else {
        break;
      }
      out.push({ text: buf.toString('utf8', start, end), next: this.#base + after });
      start = after;
      added++;
    }
    if (start > 0) {
      this.#buf = buf.subarray(start);
      this.#base += start;
    }
    return added;
  }
}
