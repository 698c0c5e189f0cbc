/**
 * A pgoutput TupleData read in place: each column's kind and byte range in the message buffer, no strings.
 * The replication stream decodes every Insert/Update/Delete into one of two reused views, and the table
 * schema reads each column straight from the bytes (an int column never becomes a string first). A view
 * is only valid while its buffer is: it is filled and read within one synchronous frame handler.
 */
import { latin1Text, utf8Text } from './buffer-text.js';
import { UNCHANGED_TOAST, type TupleValue } from './pgoutput-messages.js';

/** Column kinds as pgoutput sends them. */
export const TupleKind = { null: 0x6e /* n */, unchangedToast: 0x75 /* u */, text: 0x74 /* t */, binary: 0x62 /* b */ } as const;

const EMPTY = Buffer.alloc(0);

export class TupleView {
  buf: Buffer = EMPTY;
  length = 0;
  kinds = new Uint8Array(16);
  starts = new Int32Array(16);
  ends = new Int32Array(16);

  /** Makes room for `n` columns (the arrays only grow). */
  reset(buf: Buffer, n: number): void {
    this.buf = buf;
    this.length = n;
    if (n > this.kinds.length) {
      const size = Math.max(n, this.kinds.length * 2);
      this.kinds = new Uint8Array(size);
      this.starts = new Int32Array(size);
      this.ends = new Int32Array(size);
    }
  }

  /** The column's kind; a column past the tuple's end reads as SQL null (as a missing array element did). */
  kind(i: number): number {
    return i < this.length ? this.kinds[i]! : TupleKind.null;
  }

  /** The column's text ('t' is UTF-8; 'b', never requested, is kept as latin1 text). */
  text(i: number): string {
    return this.kinds[i] === TupleKind.text ? utf8Text(this.buf, this.starts[i]!, this.ends[i]!) : latin1Text(this.buf, this.starts[i]!, this.ends[i]!);
  }

  /** The column as `decodePgoutput` returns it: text, null or UNCHANGED_TOAST. */
  value(i: number): TupleValue {
    const k = this.kind(i);
    if (k === TupleKind.text || k === TupleKind.binary) return this.text(i);
    return k === TupleKind.unchangedToast ? UNCHANGED_TOAST : null;
  }

  toValues(): TupleValue[] {
    const out = new Array<TupleValue>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.value(i);
    return out;
  }
}
