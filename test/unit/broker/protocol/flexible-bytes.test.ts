// Flexible versions (KIP-482) checked against bytes assembled by hand from the protocol rules:
// compact string = uvarint(len+1) + utf8, compact array = uvarint(n+1), tagged section = uvarint(count)
// then (uvarint tag, uvarint size, value) per field; request header v2 / response header v1.
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from '../../../../src/broker/protocol/request.js';
import { decodeResponse, encodeResponse } from '../../../../src/broker/protocol/response.js';

const i16 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(v); return [...b]; };
const i32 = (v: number) => { const b = Buffer.alloc(4); b.writeInt32BE(v); return [...b]; };
const i64 = (v: number) => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return [...b]; };
const cstr = (s: string) => [s.length + 1, ...Buffer.from(s)];
const framed = (bytes: number[]) => Buffer.from([...i32(bytes.length), ...bytes]);

describe('flexible encodings against hand-assembled bytes', () => {
  it('Metadata v9 request: header v2 keeps a classic client id, then compact body and tagged sections', () => {
    const bytes = [
      ...i16(3), ...i16(9), ...i32(11), ...i16(2), ...Buffer.from('me'), 0x00, // header v2
      0x02, ...cstr('t1'), 0x00, // topics: [ { name, tags } ]
      0x01, 0x00, 0x01, // allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations
      0x00, // tags
    ];
    const req = decodeRequest(Buffer.from(bytes));
    expect(req).toMatchObject({ apiKey: 3, apiVersion: 9, correlationId: 11, clientId: 'me' });
    expect(req.body).toMatchObject({ topics: [{ name: 't1' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: true });
    expect(encodeRequest(3, 9, 11, 'me', req.body)).toEqual(framed(bytes));
  });

  it('Metadata v9 request: null topics is compact length 0; unknown tagged fields are skipped', () => {
    const bytes = [...i16(3), ...i16(9), ...i32(1), ...i16(-1), 0x01, 0x07, 0x02, 0xaa, 0xbb, 0x00, 0x01, 0x00, 0x00, 0x00];
    const req = decodeRequest(Buffer.from(bytes));
    expect(req.clientId).toBeNull();
    expect(req.body.topics).toBeNull();
  });

  it('Produce v10 response: tagged currentLeader per partition and tagged nodeEndpoints at the top', () => {
    const body = {
      responses: [{ name: 'p', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 5, logAppendTimeMs: -1, logStartOffset: 0,
        recordErrors: [], errorMessage: null, currentLeader: { leaderId: 1, leaderEpoch: 2 } }] }],
      throttleTimeMs: 0,
      nodeEndpoints: [{ nodeId: 1, host: 'h', port: 9092, rack: null }],
    };
    const bytes = [
      ...i32(77), 0x00, // header v1
      0x02, ...cstr('p'),
      0x02, ...i32(0), ...i16(0), ...i64(5), ...i64(-1), ...i64(0), 0x01, 0x00,
      0x01, 0x00, 9, ...i32(1), ...i32(2), 0x00, // partition tags: currentLeader (tag 0, 9 bytes)
      0x00, // topic tags
      ...i32(0), // throttleTimeMs
      0x01, 0x00, 13, 0x02, ...i32(1), ...cstr('h'), ...i32(9092), 0x00, 0x00, // top tags: nodeEndpoints (tag 0)
    ];
    expect(encodeResponse(0, 10, 77, body)).toEqual(framed(bytes));
    expect(decodeResponse(0, 10, Buffer.from(bytes)).body).toMatchObject(body);
  });

  it('Produce v10 response: default tagged values are not written', () => {
    const body = { responses: [{ name: 'p', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 5 }] }] };
    const bytes = [
      ...i32(1), 0x00, 0x02, ...cstr('p'), 0x02, ...i32(0), ...i16(0), ...i64(5), ...i64(-1), ...i64(-1), 0x01, 0x00,
      0x00, 0x00, ...i32(0), 0x00,
    ];
    expect(encodeResponse(0, 10, 1, body)).toEqual(framed(bytes));
    const back = decodeResponse(0, 10, Buffer.from(bytes)).body;
    expect(back.responses[0].partitionResponses[0].currentLeader).toEqual({ leaderId: -1, leaderEpoch: -1 });
    expect(back.nodeEndpoints).toEqual([]);
  });

  it('ApiVersions v3 response: header v0, compact array, and the tagged finalized-features epoch', () => {
    const bytes = [
      ...i32(5), // header v0 even though the body is flexible
      ...i16(0), 0x02, ...i16(18), ...i16(0), ...i16(3), 0x00, ...i32(0),
      0x01, 0x01, 8, ...i64(4), // tag 1: finalizedFeaturesEpoch
    ];
    const res = decodeResponse(18, 3, Buffer.from(bytes)).body;
    expect(res).toMatchObject({ errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0, finalizedFeaturesEpoch: 4 });
    expect(encodeResponse(18, 3, 5, res)).toEqual(framed(bytes));
  });
});
