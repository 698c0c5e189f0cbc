/**
 * The walsender's CopyData wrappers around pgoutput: XLogData ('w') and primary keepalive ('k') from the
 * server, Standby Status Update ('r') from us. Pure codec; all integers big-endian.
 */
import type { Lsn } from './lsn.js';

/** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01T00:00:00Z). */
export const PG_EPOCH_MICROS = 946_684_800_000_000n;

export interface XLogDataFrame { readonly kind: 'xlog'; readonly dataStart: Lsn; readonly walEnd: Lsn; readonly sendTime: bigint; readonly payloadOffset: number }
export interface KeepaliveFrame { readonly kind: 'keepalive'; readonly walEnd: Lsn; readonly sendTime: bigint; readonly replyRequested: boolean }
export type ReplicationFrame = XLogDataFrame | KeepaliveFrame;

/** Bytes before an XLogData frame's pgoutput payload; its dataStart LSN is at byte 1. */
export const XLOG_HEADER_BYTES = 25;

/** Whether the frame in `buf[start, end)` is XLogData (throws if one is too short), without decoding its header. */
export function isXLogData(buf: Buffer, start = 0, end = buf.length): boolean {
  if (start >= end || buf[start] !== 0x77 /* w */) return false;
  if (end - start < XLOG_HEADER_BYTES) throw new Error(`XLogData frame too short (${end - start} bytes)`);
  return true;
}

export function decodeReplicationFrame(chunk: Buffer): ReplicationFrame {
  const tag = chunk[0];
  if (tag === 0x77 /* w */) {
    if (chunk.length < 25) throw new Error(`XLogData frame too short (${chunk.length} bytes)`);
    return {
      kind: 'xlog',
      dataStart: chunk.readBigUInt64BE(1),
      walEnd: chunk.readBigUInt64BE(9),
      sendTime: chunk.readBigInt64BE(17),
      payloadOffset: 25,
    };
  }
  if (tag === 0x6b /* k */) {
    if (chunk.length < 18) throw new Error(`keepalive frame too short (${chunk.length} bytes)`);
    return { kind: 'keepalive', walEnd: chunk.readBigUInt64BE(1), sendTime: chunk.readBigInt64BE(9), replyRequested: chunk[17] === 1 };
  }
  throw new Error(`unknown replication frame tag 0x${(tag ?? 0).toString(16)}`);
}

/**
 * Standby Status Update. `flushed` is what the slot's confirmed_flush_lsn becomes: report only positions
 * whose changes are durable downstream. `nowMicros` is Unix-epoch microseconds.
 */
export function encodeStandbyStatus(written: Lsn, flushed: Lsn, nowMicros: bigint, replyRequested = false): Buffer {
  const b = Buffer.alloc(34);
  b[0] = 0x72; // r
  b.writeBigUInt64BE(written, 1);
  b.writeBigUInt64BE(flushed, 9);
  b.writeBigUInt64BE(flushed, 17);
  b.writeBigInt64BE(nowMicros - PG_EPOCH_MICROS, 25);
  b[33] = replyRequested ? 1 : 0;
  return b;
}

/** A pgoutput timestamp (µs since 2000-01-01) as Unix-epoch microseconds. */
export function pgTimeToUnixMicros(pgMicros: bigint): bigint {
  return pgMicros + PG_EPOCH_MICROS;
}
