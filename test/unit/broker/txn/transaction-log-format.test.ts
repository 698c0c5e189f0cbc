import { describe, expect, it } from 'vitest';
import {
  TransactionLogFormatError, decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue, type TransactionLogValue,
} from '../../../../src/broker/txn/transaction-log-format.js';

describe('__transaction_state format', () => {
  it('encodes TransactionLogKey v0 byte for byte', () => {
    expect(encodeTxnKey('tx-é').toString('hex')).toBe('0000' + '0005' + Buffer.from('tx-é').toString('hex'));
    expect(decodeTxnKey(encodeTxnKey('tx-é'))).toBe('tx-é');
  });

  it('encodes TransactionLogValue v0 byte for byte and reads it back', () => {
    const v: TransactionLogValue = {
      producerId: 2 ** 40 + 3, producerEpoch: 7, transactionTimeoutMs: 60000, transactionStatus: 1,
      transactionPartitions: [{ topic: 'ab', partitionIds: [0, 5] }],
      transactionLastUpdateTimestampMs: 1700000000123, transactionStartTimestampMs: 1700000000000,
    };
    const hex = encodeTxnValue(v).toString('hex');
    expect(hex).toBe([
      '0000', '0000010000000003', '0007', '0000ea60', '01',
      '00000001', '0002', '6162', '00000002', '00000000', '00000005',
      (1700000000123).toString(16).padStart(16, '0'), (1700000000000).toString(16).padStart(16, '0'),
    ].join(''));
    expect(decodeTxnValue(Buffer.from(hex, 'hex'))).toEqual(v);
    expect(decodeTxnValue(encodeTxnValue({ ...v, transactionPartitions: null })).transactionPartitions).toBeNull();
  });

  it('reads the flexible v1 value, skipping tagged fields', () => {
    const parts = [
      '0001', '0000000000000009', '0001', '000003e8', '04',
      '02', '02', '78', '02', '00000003', '00', // compact array of 1 topic "x" with [3], no tags
      '0000000000000064', '0000000000000032',
      '01', '00', '02', 'abcd', // one tagged field (tag 0, 2 bytes)
    ];
    expect(decodeTxnValue(Buffer.from(parts.join(''), 'hex'))).toEqual({
      producerId: 9, producerEpoch: 1, transactionTimeoutMs: 1000, transactionStatus: 4,
      transactionPartitions: [{ topic: 'x', partitionIds: [3] }],
      transactionLastUpdateTimestampMs: 100, transactionStartTimestampMs: 50,
    });
  });

  it('rejects truncated or unknown records', () => {
    expect(() => decodeTxnKey(Buffer.from('0001000178', 'hex'))).toThrow(TransactionLogFormatError);
    expect(() => decodeTxnValue(Buffer.from('0000000000', 'hex'))).toThrow(TransactionLogFormatError);
  });
});
