import { describe, expect, it } from 'vitest';
import {
  decodeGroupValue, decodeKey, decodeOffsetValue, encodeGroupKey, encodeGroupValue, encodeOffsetKey, encodeOffsetValue,
} from '../../../../src/broker/group/offsets-format.js';

describe('__consumer_offsets record formats', () => {
  it('writes OffsetCommitKey v1 byte for byte', () => {
    const key = encodeOffsetKey('g', 'tp', 3);
    expect(key.toString('hex')).toBe('0001' + '0001' + '67' + '0002' + '7470' + '00000003');
    expect(decodeKey(key)).toEqual({ type: 'offset', group: 'g', topic: 'tp', partition: 3 });
  });

  it('writes GroupMetadataKey v2 and ignores unknown key versions', () => {
    expect(encodeGroupKey('ab').toString('hex')).toBe('0002' + '0002' + '6162');
    expect(decodeKey(encodeGroupKey('ab'))).toEqual({ type: 'group', group: 'ab' });
    expect(decodeKey(Buffer.from('000700016a', 'hex'))).toBeNull();
  });

  it('OffsetCommitValue v3 (and v1 with an expire timestamp) round-trip', () => {
    const v3 = { offset: 2 ** 40, leaderEpoch: 5, metadata: 'hé', commitTimestamp: 1_700_000_000_123, expireTimestamp: null };
    const b3 = encodeOffsetValue(v3);
    expect(b3.readInt16BE(0)).toBe(3);
    expect(b3.length).toBe(2 + 8 + 4 + 2 + 3 + 8);
    expect(decodeOffsetValue(b3)).toEqual(v3);
    const v1 = { ...v3, leaderEpoch: -1, expireTimestamp: 1_700_000_100_000 };
    const b1 = encodeOffsetValue(v1);
    expect(b1.readInt16BE(0)).toBe(1);
    expect(decodeOffsetValue(b1)).toEqual(v1);
  });

  it('GroupMetadataValue v3 round-trips, including an empty group with null protocol/leader', () => {
    const value = {
      protocolType: 'connect', generation: 7, protocol: 'sessioned', leader: 'm-1', currentStateTimestamp: 1234,
      members: [{
        memberId: 'm-1', groupInstanceId: 'worker-1', clientId: 'c', clientHost: '/10.0.0.1', rebalanceTimeoutMs: 60000,
        sessionTimeoutMs: 10000, subscription: Buffer.from([1, 2]), assignment: Buffer.from([3]),
      }],
    };
    const b = encodeGroupValue(value);
    expect(b.readInt16BE(0)).toBe(3);
    expect(decodeGroupValue(b)).toEqual(value);
    const empty = { protocolType: '', generation: 2, protocol: null, leader: null, currentStateTimestamp: 5, members: [] };
    expect(decodeGroupValue(encodeGroupValue(empty))).toEqual(empty);
  });

  it('rejects truncated values', () => {
    expect(() => decodeOffsetValue(Buffer.from('000300', 'hex'))).toThrow(RangeError);
  });
});
