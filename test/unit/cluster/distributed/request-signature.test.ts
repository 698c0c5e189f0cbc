import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HerderError } from '../../../../src/cluster/herder-errors.js';
import {
  generateSessionKey, sign, signatureHeaders, SIGNATURE_ALGORITHM_HEADER, SIGNATURE_HEADER, verifySignature,
} from '../../../../src/cluster/distributed/request-signature.js';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const body = Buffer.from('[{"task.id":"0","topic":"t"}]');

function statusOf(fn: () => void): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof HerderError) return err.status;
    throw err;
  }
}

describe('internal request signatures (KIP-507)', () => {
  it('signs with HMAC over the body bytes, base64, with Kafka Connect\'s header names', () => {
    const expected = createHmac('sha256', key).update(body).digest('base64');
    expect(signatureHeaders(key, body, 'HmacSHA256')).toEqual({
      'X-Connect-Authorization': expected,
      'X-Connect-Request-Signature-Algorithm': 'HmacSHA256',
    });
    expect(SIGNATURE_HEADER).toBe('X-Connect-Authorization');
    expect(SIGNATURE_ALGORITHM_HEADER).toBe('X-Connect-Request-Signature-Algorithm');
    // RFC 4231 test case 2 (HMAC-SHA256, key "Jefe")
    expect(sign(Buffer.from('Jefe'), 'what do ya want for nothing?', 'HmacSHA256').toString('hex'))
      .toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('accepts a good signature and answers Kafka Connect\'s statuses for bad ones', () => {
    const good = sign(key, body, 'HmacSHA256').toString('base64');
    const base = { body, signature: good, algorithm: 'HmacSHA256', permitted: ['HmacSHA256'], sessionKey: key };
    expect(statusOf(() => verifySignature(base))).toBe('ok');
    expect(statusOf(() => verifySignature({ ...base, signature: undefined }))).toBe(400);
    expect(statusOf(() => verifySignature({ ...base, algorithm: undefined }))).toBe(400);
    expect(statusOf(() => verifySignature({ ...base, algorithm: 'HmacFoo' }))).toBe(400);
    expect(statusOf(() => verifySignature({ ...base, algorithm: 'HmacSHA512', signature: sign(key, body, 'HmacSHA512').toString('base64') }))).toBe(400);
    expect(statusOf(() => verifySignature({ ...base, signature: '***' }))).toBe(400);
    expect(statusOf(() => verifySignature({ ...base, sessionKey: undefined }))).toBe(503);
    expect(statusOf(() => verifySignature({ ...base, body: Buffer.from('[]') }))).toBe(403);
    expect(statusOf(() => verifySignature({ ...base, sessionKey: Buffer.alloc(32, 7) }))).toBe(403);
    expect(statusOf(() => verifySignature({ ...base, signature: good.slice(4) }))).toBe(403);
    expect(() => verifySignature({ ...base, signature: undefined })).toThrow('Internal request missing required signature');
    expect(() => verifySignature({ ...base, body: Buffer.from('[]') })).toThrow('Internal request contained invalid signature.');
  });

  it('generates keys of the JVM\'s default size per algorithm, or the configured size', () => {
    expect(generateSessionKey('HmacSHA256', 5).key.length).toBe(32);
    expect(generateSessionKey('HmacSHA512', 5).key.length).toBe(64);
    expect(generateSessionKey('HmacSHA256', 5, 128).key.length).toBe(16);
    expect(generateSessionKey('HmacSHA256', 5)).toMatchObject({ algorithm: 'HmacSHA256', creationTimestamp: 5 });
    expect(generateSessionKey('HmacSHA256', 5).key.equals(generateSessionKey('HmacSHA256', 5).key)).toBe(false);
    expect(() => generateSessionKey('AES', 5)).toThrow(/Unsupported/);
  });
});
