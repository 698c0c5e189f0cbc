/**
 * PostgreSQL log sequence numbers. The server writes them as `X/Y` (two hex halves of a 64-bit position);
 * Debezium's offsets and `source.lsn` carry them as plain integers. Real LSNs stay far below 2^53, so a JS
 * number holds them exactly; a bigint is used only past that.
 */
export type Lsn = bigint;

export function parseLsn(text: string): Lsn {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (m === null) throw new Error(`not an LSN: ${JSON.stringify(text)} (expected X/Y in hex)`);
  return (BigInt(`0x${m[1]!}`) << 32n) | BigInt(`0x${m[2]!}`);
}

export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The LSN as Debezium writes it into offsets and `source.lsn` (a number while it is a safe integer). */
export function lsnToNumber(lsn: Lsn): number | bigint {
  return lsn <= MAX_SAFE ? Number(lsn) : lsn;
}

/** `lsnToNumber` of the 64-bit big-endian LSN at `at`, with no bigint on the way while it is a safe integer. */
export function readLsnNumber(buf: Buffer, at: number): number | bigint {
  const hi = buf.readUInt32BE(at);
  // hi < 2^21: the value is below 2^53, so a double holds it exactly.
  if (hi < 0x20_0000) return hi * 0x1_0000_0000 + buf.readUInt32BE(at + 4);
  return lsnToNumber(buf.readBigUInt64BE(at));
}

/** `lsnToOffset` of an LSN given as `lsnToNumber` returns it. */
export function lsnNumberToOffset(lsn: number | bigint): number | string {
  return typeof lsn === 'number' ? lsn : lsn.toString();
}

/** Reads an LSN back from an offset value (number, numeric string, or `X/Y`); null when absent. */
export function lsnFromOffset(value: unknown): Lsn | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && value !== '') return value.includes('/') ? parseLsn(value) : BigInt(value);
  return null;
}

/** The LSN as an offset value (offsets hold JSON primitives only). */
export function lsnToOffset(lsn: Lsn): number | string {
  return lsn <= MAX_SAFE ? Number(lsn) : lsn.toString();
}
