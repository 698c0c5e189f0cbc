// Every (api, version, direction) we can decode round-trips a body that sets every field of that version
// to a non-default value (and, in a second body, every nullable field to null).
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../../src/broker/protocol/messages/all-messages.js';
import { type FieldSpec, inRange, parseRange } from '../../../../src/broker/protocol/message-spec.js';
import { FLEXIBLE_MAX } from '../../../../src/broker/protocol/supported-versions.js';
import { decodeRequest, encodeRequest } from '../../../../src/broker/protocol/request.js';
import { decodeResponse, encodeResponse } from '../../../../src/broker/protocol/response.js';
import { buildBatch } from '../../../../src/broker/protocol/record-batch.js';

const BATCH = buildBatch({ baseOffset: 0, records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 1 }] });

function sample(f: FieldSpec, version: number, flexible: boolean, nulls: boolean, salt: number): unknown {
  if (nulls && inRange(version, f.nullableVersions)) return null;
  const prim = f.type === 'array' ? f.items : f.type;
  if (f.type === 'array' && !f.items) return [0, 1].map((i) => sampleStruct(f.fields!, version, flexible, nulls, salt * 3 + i));
  if (f.type === 'struct') return sampleStruct(f.fields!, version, flexible, nulls, salt + 1);
  const one = (i: number): unknown => {
    switch (prim) {
      case 'int8': return 5 + i;
      case 'int16': return 300 + salt + i;
      case 'int32': return 70000 + salt + i;
      case 'int64': return 5_000_000_000 + salt + i;
      case 'uint16': return 65000 + i;
      case 'float64': return 1.5 + i;
      case 'bool': return true;
      case 'string': return `s-${f.name}-${salt}-${i}-\u00e9`;
      case 'bytes': return Buffer.from(`b-${f.name}-${i}`);
      case 'records': return BATCH;
      case 'uuid': return Buffer.alloc(16, 0xab + i);
      default: throw new Error(`no sample for ${prim}`);
    }
  };
  return f.type === 'array' ? [one(0), one(1)] : one(0);
}

function sampleStruct(fields: FieldSpec[], version: number, flexible: boolean, nulls: boolean, salt: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) {
    if (!inRange(version, f.versions)) continue;
    if (!flexible && f.taggedVersions && inRange(version, f.taggedVersions)) continue;
    o[f.name] = sample(f, version, flexible, nulls, salt);
  }
  return o;
}

const rows: Array<[string, number, number]> = [];
for (const [apiKey, specs] of MESSAGES) {
  const [min] = parseRange(specs.request.validVersions)!;
  for (let v = min; v <= (FLEXIBLE_MAX.get(apiKey) ?? -1); v++) rows.push([specs.request.name.replace(/Request$/, ''), apiKey, v]);
}

describe('message round trips', () => {
  it('covers every API in the table', () => {
    expect(new Set(rows.map((r) => r[1])).size).toBe(MESSAGES.size);
    expect(rows.length).toBeGreaterThan(180);
  });

  it.each(rows)('%s (key %i) v%i request and response', (_name, apiKey, v) => {
    const specs = MESSAGES.get(apiKey)!;
    for (const nulls of [false, true]) {
      const reqFlex = inRange(v, specs.request.flexibleVersions);
      const reqBody = sampleStruct(specs.request.fields, v, reqFlex, nulls, 1);
      const reqBytes = encodeRequest(apiKey, v, 123, nulls ? null : 'client-é', reqBody);
      const req = decodeRequest(reqBytes.subarray(4));
      expect(req).toMatchObject({ apiKey, apiVersion: v, correlationId: 123, clientId: nulls ? null : 'client-é' });
      expect(req.body).toMatchObject(reqBody);
      expect(encodeRequest(apiKey, v, 123, req.clientId, req.body).equals(reqBytes)).toBe(true);

      const resFlex = inRange(v, specs.response.flexibleVersions);
      const resBody = sampleStruct(specs.response.fields, v, resFlex, nulls, 2);
      const resBytes = encodeResponse(apiKey, v, 456, resBody);
      expect(resBytes.readInt32BE(0)).toBe(resBytes.length - 4);
      const res = decodeResponse(apiKey, v, resBytes.subarray(4));
      expect(res.correlationId).toBe(456);
      expect(res.body).toMatchObject(resBody);
      expect(encodeResponse(apiKey, v, 456, res.body).equals(resBytes)).toBe(true);
    }
  });
});
