import { describe, expect, it } from 'vitest';
import { encodeResponse, encodeResponseChunks } from '../../../../src/broker/protocol/response.js';
import { buildBatch } from '../../../../src/broker/protocol/record-batch.js';

const big = buildBatch({ records: Array.from({ length: 50 }, (_, i) => ({ value: Buffer.alloc(200, i) })) });
const small = buildBatch({ records: [{ value: Buffer.from('x') }] });

function fetchBody(records: Array<Buffer | null>) {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topic: 't'.repeat(3000), partitions: records.map((r, i) => ({
    partitionIndex: i, errorCode: 0, highWatermark: 10, lastStableOffset: 10, logStartOffset: 0, abortedTransactions: [], preferredReadReplica: -1, records: r,
  })) }] };
}

describe('encodeResponseChunks', () => {
  it.each([11, 12])('concatenates to exactly encodeResponse and references large record buffers (Fetch v%i)', (v) => {
    const body = fetchBody([big, null, small, big, big]);
    const chunks = encodeResponseChunks(1, v, 9, body);
    const joined = Buffer.concat(chunks);
    expect(joined.equals(encodeResponse(1, v, 9, body))).toBe(true);
    expect(joined.readInt32BE(0)).toBe(joined.length - 4);
    expect(chunks.filter((c) => c === big)).toHaveLength(3);
    expect(chunks).not.toContain(small);
  });
  it('works for responses without records', () => {
    const body = { throttleTimeMs: 0, errorCode: 0 };
    expect(Buffer.concat(encodeResponseChunks(12, 3, 1, body)).equals(encodeResponse(12, 3, 1, body))).toBe(true);
  });
});
