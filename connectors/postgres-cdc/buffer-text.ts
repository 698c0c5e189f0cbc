/**
 * A Buffer range as a string, straight through Node's native slice methods: `buf.toString(enc, s, e)`
 * spends as long again in argument checks and the encoding lookup as in decoding a short column value.
 * Callers pass a range inside the buffer (the natives throw on one past its end).
 */
interface NativeSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

export function utf8Text(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as NativeSlices).utf8Slice(start, end);
}

export function latin1Text(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as NativeSlices).latin1Slice(start, end);
}
