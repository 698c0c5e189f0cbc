import { describe, expect, it } from 'vitest';
import {
  decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, protocolVersion, SESSIONED_PROTOCOL_NAME,
  SESSIONED_PROTOCOL_VERSION, type WorkerAssignment,
} from '../../../../src/cluster/distributed/connect-protocol.js';

const assignment: WorkerAssignment = {
  error: 0,
  leader: 'w1',
  leaderUrl: 'http://a:8083/',
  configOffset: 12,
  assigned: new Map([['c1', [-1, 0, 2]]]),
  revoked: new Map([['c2', [1]]]),
  delayMs: 500,
};

describe('connect protocol bytes', () => {
  it('encodes an assignment byte for byte in Kafka Connect\'s v1 layout', () => {
    const b = encodeAssignment({ ...assignment, assigned: new Map([['c', [-1]]]), revoked: new Map(), leaderUrl: 'u' });
    expect(b.toString('hex')).toBe(
      '0001' + '0000' + '0002' + Buffer.from('w1').toString('hex') + '0001' + '75' + '000000000000000c' +
        '00000001' + '0001' + '63' + '00000001' + 'ffffffff' + '00000000' + '000001f4',
    );
  });

  it('round-trips assignments and subscriptions', () => {
    expect(decodeAssignment(encodeAssignment(assignment))).toEqual(assignment);
    const sub = { url: 'http://b:8083/', configOffset: 7, allocation: assignment };
    expect(decodeSubscription(encodeSubscription(sub))).toEqual(sub);
    expect(decodeSubscription(encodeSubscription({ url: 'x', configOffset: -1, allocation: null }))).toEqual({ url: 'x', configOffset: -1, allocation: null });
  });

  it('reads a v0 assignment (no revoked list, no delay) and rejects truncated bytes', () => {
    const v1 = encodeAssignment({ ...assignment, revoked: new Map(), delayMs: 0 });
    const v0 = Buffer.from(v1.subarray(0, v1.length - 8));
    v0.writeInt16BE(0, 0);
    expect(decodeAssignment(v0)).toEqual({ ...assignment, revoked: new Map(), delayMs: 0 });
    expect(() => decodeAssignment(v1.subarray(0, 9))).toThrow(/truncated/);
  });
});

describe('sessioned (v2) bytes', () => {
  it('is v1\'s layout with version 2, in the subscription and in its embedded allocation', () => {
    const sub = { url: 'u', configOffset: 3, allocation: { ...assignment, assigned: new Map([['c', [-1]]]), revoked: new Map(), leaderUrl: 'u', delayMs: 0 } };
    const v1 = encodeSubscription(sub);
    const v2 = encodeSubscription(sub, SESSIONED_PROTOCOL_VERSION);
    expect(v2.readInt16BE(0)).toBe(2);
    // allocation bytes start after version(2) + url(2+1) + offset(8) + length(4)
    expect(v2.readInt16BE(17)).toBe(2);
    const expected = Buffer.from(v1);
    expected.writeInt16BE(2, 0);
    expected.writeInt16BE(2, 17);
    expect(v2.equals(expected)).toBe(true);
    expect(decodeSubscription(v2)).toEqual(sub);
    expect(decodeAssignment(encodeAssignment(assignment, 2))).toEqual(assignment);
    expect(protocolVersion(SESSIONED_PROTOCOL_NAME)).toBe(2);
    expect(protocolVersion('compatible')).toBe(1);
  });
});
