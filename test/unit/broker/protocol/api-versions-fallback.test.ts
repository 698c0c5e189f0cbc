import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { decodeRequest, encodeRequest } from '../../../../src/broker/protocol/request.js';
import { decodeResponse, encodeApiVersionsFallback, encodeResponse } from '../../../../src/broker/protocol/response.js';
import { UnsupportedVersionError } from '../../../../src/broker/protocol/protocol-errors.js';
import { NON_FLEXIBLE_MAX, supportedVersions } from '../../../../src/broker/protocol/supported-versions.js';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';

const require = createRequire(import.meta.url);

/** An ApiVersions request of a future version, as a newer client would frame it (header v2, unknown body). */
function futureApiVersionsRequest(version: number): Buffer {
  const b = Buffer.from([0, 18, 0, version, 0, 0, 0, 42, 0, 3, 0x61, 0x62, 0x63, 0x00, 0x07, 0xff, 0xfe, 0x01, 0x00]);
  return b;
}

describe('KIP-511 ApiVersions fallback', () => {
  it('an ApiVersions version above ours is UnsupportedVersionError with the fallback flag and correlation id', () => {
    let caught: unknown;
    try { decodeRequest(futureApiVersionsRequest(9)); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(UnsupportedVersionError);
    const e = caught as UnsupportedVersionError;
    expect([e.apiKey, e.apiVersion, e.correlationId, e.clientId, e.isApiVersionsFallback]).toEqual([18, 9, 42, 'abc', true]);
  });

  it('a version we can decode but do not advertise is rejected when the server passes its advertised maxima', () => {
    const v3 = encodeRequest(18, 3, 5, 'rdkafka', { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' }).subarray(4);
    expect(decodeRequest(v3).body.clientSoftwareName).toBe('librdkafka');
    expect(() => decodeRequest(v3, NON_FLEXIBLE_MAX)).toThrow(UnsupportedVersionError);
    expect(decodeRequest(encodeRequest(18, 2, 5, 'x', {}).subarray(4), NON_FLEXIBLE_MAX).apiVersion).toBe(2);
  });

  it('other unknown keys/versions are not fallbacks', () => {
    const unknownKey = Buffer.from([0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);
    expect(() => decodeRequest(unknownKey)).toThrow(UnsupportedVersionError);
    try { decodeRequest(unknownKey); } catch (err) { expect((err as UnsupportedVersionError).isApiVersionsFallback).toBe(false); }
  });

  it('the fallback response is a v0 body with error 35 that kafkajs (which steps down 2→1→0) and our v0 decoder read', async () => {
    const frame = encodeApiVersionsFallback(42, supportedVersions());
    expect(frame.readInt32BE(4)).toBe(42);
    const ours = decodeResponse(18, 0, frame.subarray(4)).body;
    expect(ours.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(ours.apiKeys).toContainEqual({ apiKey: 18, minVersion: 0, maxVersion: 2 });
    const { decode } = require('kafkajs/src/protocol/requests/apiVersions/v0/response');
    // kafkajs throws UNSUPPORTED_VERSION from decode; its connection catches it and retries one version lower.
    await expect(decode(frame.subarray(8))).rejects.toMatchObject({ type: 'UNSUPPORTED_VERSION' });
    expect(ours.apiKeys.find((a: { apiKey: number }) => a.apiKey === 0)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 8 });
  });

  it('ApiVersions v3 responses keep header v0 (no tagged-field byte after the correlation id)', () => {
    const frame = encodeResponse(18, 3, 7, { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
    // size, correlation id, then errorCode int16 straight away
    expect(frame.readInt16BE(8)).toBe(0);
    expect(frame[10]).toBe(2); // compact array: 1 element + 1
    const back = decodeResponse(18, 3, frame.subarray(4)).body;
    expect(back.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
  });

  it('supportedVersions covers every version each measured client sends', () => {
    const max = new Map(supportedVersions().map((r) => [r.apiKey, r.maxVersion]));
    const needs: Array<[number, number]> = [
      [0, 7], [0, 8], [1, 11], [1, 4], [2, 3], [2, 5], [3, 0], [3, 1], [3, 4], [3, 5], [3, 6], [3, 8], [8, 2], [8, 5], [8, 7],
      [9, 1], [9, 4], [9, 5], [10, 0], [10, 2], [11, 2], [11, 5], [12, 3], [13, 1], [13, 3], [14, 3], [15, 4], [16, 2],
      [17, 1], [18, 2], [19, 4], [20, 3], [22, 1], [24, 1], [25, 1], [26, 1], [28, 2], [36, 1], [42, 1],
    ];
    for (const [k, v] of needs) expect(max.get(k), `api ${k}`).toBeGreaterThanOrEqual(v);
  });
});
