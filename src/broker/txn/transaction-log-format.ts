// Kafka's `__transaction_state` record format, so Kafka tools could read our store:
//   key   = TransactionLogKey   v0: version int16 | transactionalId string
//   value = TransactionLogValue v0: version int16 | producerId int64 | producerEpoch int16 |
//           transactionTimeoutMs int32 | transactionStatus int8 |
//           transactionPartitions nullable array of { topic string, partitionIds array of int32 } |
//           transactionLastUpdateTimestampMs int64 | transactionStartTimestampMs int64
// (strings: int16 length + UTF-8; arrays: int32 count, -1 = null). Version 1 (flexible, tagged
// fields) is read too, ignoring its tagged fields.
//
// One Tributary-specific record: the producer-id block. Kafka keeps it in its controller; we keep it
// here under the empty transactional id, which clients cannot use (InitProducerId answers
// INVALID_REQUEST for ""), with producerId = the first id not yet handed out by any block.

export const PRODUCER_ID_BLOCK_KEY = '';

export interface TransactionLogValue {
  producerId: number;
  producerEpoch: number;
  transactionTimeoutMs: number;
  transactionStatus: number;
  /** null only in values written by other tools; we write [] for no partitions. */
  transactionPartitions: Array<{ topic: string; partitionIds: number[] }> | null;
  transactionLastUpdateTimestampMs: number;
  transactionStartTimestampMs: number;
}

export class TransactionLogFormatError extends Error {
  readonly code = 'TRIB_TXN_LOG_FORMAT';
}

export function encodeTxnKey(transactionalId: string): Buffer {
  const id = Buffer.from(transactionalId, 'utf8');
  const out = Buffer.alloc(4 + id.length);
  out.writeInt16BE(0, 0);
  out.writeInt16BE(id.length, 2);
  id.copy(out, 4);
  return out;
}

export function decodeTxnKey(key: Buffer): string {
  if (key.length < 4) throw new TransactionLogFormatError('transaction log key too short');
  const version = key.readInt16BE(0);
  if (version !== 0) throw new TransactionLogFormatError(`unknown transaction log key version ${version}`);
  const len = key.readInt16BE(2);
  if (len < 0 || 4 + len > key.length) throw new TransactionLogFormatError('transaction log key truncated');
  return key.toString('utf8', 4, 4 + len);
}

export function encodeTxnValue(v: TransactionLogValue): Buffer {
  const parts = v.transactionPartitions;
  let size = 2 + 8 + 2 + 4 + 1 + 4 + 8 + 8;
  const topics = parts?.map((p) => Buffer.from(p.topic, 'utf8')) ?? [];
  parts?.forEach((p, i) => { size += 2 + topics[i]!.length + 4 + 4 * p.partitionIds.length; });
  const out = Buffer.alloc(size);
  let at = out.writeInt16BE(0, 0);
  at = out.writeBigInt64BE(BigInt(v.producerId), at);
  at = out.writeInt16BE(v.producerEpoch, at);
  at = out.writeInt32BE(v.transactionTimeoutMs, at);
  at = out.writeInt8(v.transactionStatus, at);
  at = out.writeInt32BE(parts === null ? -1 : parts.length, at);
  parts?.forEach((p, i) => {
    at = out.writeInt16BE(topics[i]!.length, at);
    at += topics[i]!.copy(out, at);
    at = out.writeInt32BE(p.partitionIds.length, at);
    for (const id of p.partitionIds) at = out.writeInt32BE(id, at);
  });
  at = out.writeBigInt64BE(BigInt(v.transactionLastUpdateTimestampMs), at);
  out.writeBigInt64BE(BigInt(v.transactionStartTimestampMs), at);
  return out;
}

export function decodeTxnValue(buf: Buffer): TransactionLogValue {
  let at = 0;
  const need = (n: number): void => {
    if (at + n > buf.length) throw new TransactionLogFormatError('transaction log value truncated');
  };
  const i8 = (): number => { need(1); return buf.readInt8(at++); };
  const i16 = (): number => { need(2); const v = buf.readInt16BE(at); at += 2; return v; };
  const i32 = (): number => { need(4); const v = buf.readInt32BE(at); at += 4; return v; };
  const i64 = (): number => { need(8); const v = Number(buf.readBigInt64BE(at)); at += 8; return v; };
  const uvarint = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      need(1);
      const b = buf[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      if (shift > 28) throw new TransactionLogFormatError('varint too long');
    }
  };
  const str = (len: number): string => { need(len); const s = buf.toString('utf8', at, at + len); at += len; return s; };
  const skipTags = (): void => {
    const n = uvarint();
    for (let i = 0; i < n; i++) { uvarint(); const len = uvarint(); need(len); at += len; }
  };

  const version = i16();
  if (version !== 0 && version !== 1) throw new TransactionLogFormatError(`unknown transaction log value version ${version}`);
  const flexible = version === 1;
  const producerId = i64();
  const producerEpoch = i16();
  const transactionTimeoutMs = i32();
  const transactionStatus = i8();
  const count = flexible ? uvarint() - 1 : i32();
  let transactionPartitions: TransactionLogValue['transactionPartitions'] = null;
  if (count >= 0) {
    transactionPartitions = [];
    for (let i = 0; i < count; i++) {
      const topic = flexible ? str(uvarint() - 1) : str(i16());
      const n = flexible ? uvarint() - 1 : i32();
      const partitionIds: number[] = [];
      for (let j = 0; j < n; j++) partitionIds.push(i32());
      if (flexible) skipTags();
      transactionPartitions.push({ topic, partitionIds });
    }
  }
  const transactionLastUpdateTimestampMs = i64();
  const transactionStartTimestampMs = i64();
  return {
    producerId, producerEpoch, transactionTimeoutMs, transactionStatus, transactionPartitions,
    transactionLastUpdateTimestampMs, transactionStartTimestampMs,
  };
}
