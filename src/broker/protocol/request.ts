// Request framing: header v1 (classic) or v2 (flexible: + tagged fields) around a message body.
// decodeRequest takes one frame as FrameSplitter emits it (no size prefix); encodeRequest includes it.
import { ByteReader, ReadError } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { ApiKey } from './api-keys.js';
import { codecFor } from './codec-registry.js';
import type { Body } from './message-codec.js';
import { MalformedRequestError, UnsupportedVersionError } from './protocol-errors.js';

export interface DecodedRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  body: Body;
}

function readClientId(r: ByteReader): string | null {
  const n = r.int16(); // always a classic string, even in header v2
  return n < 0 ? null : r.utf8(n);
}

export function skipTaggedFields(r: ByteReader): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    r.uvarint();
    const size = r.uvarint();
    r.need(size);
    r.pos += size;
  }
}

/**
 * Parses one request frame. Throws UnsupportedVersionError (header parsed; `isApiVersionsFallback` tells
 * the server to answer with encodeApiVersionsFallback) or MalformedRequestError; nothing else.
 * Versions above `maxVersions.get(apiKey)` (when given) count as unsupported.
 */
export function decodeRequest(frame: Buffer, maxVersions?: ReadonlyMap<number, number>): DecodedRequest {
  if (frame.length < 8) throw new MalformedRequestError(`request frame of ${frame.length} bytes is shorter than a header`);
  const r = new ByteReader(frame);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  // `maxVersions` (e.g. NON_FLEXIBLE_MAX) limits decoding to what the server advertises.
  const limit = maxVersions === undefined ? Infinity : (maxVersions.get(apiKey) ?? -1);
  const codec = apiVersion <= limit ? codecFor(apiKey, apiVersion, 'request') : undefined;
  if (codec === undefined) {
    let clientId: string | null = null;
    try { clientId = readClientId(r); } catch { /* best effort, for logs */ }
    throw new UnsupportedVersionError(apiKey, apiVersion, correlationId, clientId);
  }
  try {
    const clientId = readClientId(r);
    if (codec.flexible) skipTaggedFields(r);
    const body = codec.read(r);
    return { apiKey, apiVersion, correlationId, clientId, body };
  } catch (err) {
    const why = err instanceof ReadError ? err.message : `unexpected ${(err as Error)?.name}: ${(err as Error)?.message}`;
    throw new MalformedRequestError(`malformed request api ${apiKey} v${apiVersion}: ${why}`, apiKey, apiVersion, correlationId);
  }
}

/** Encodes a request with its 4-byte size prefix (client side: tests and the group-membership client). */
export function encodeRequest(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: Body): Buffer {
  const codec = codecFor(apiKey, apiVersion, 'request');
  if (codec === undefined) throw new UnsupportedVersionError(apiKey, apiVersion, correlationId, clientId);
  const w = new ByteWriter(256);
  w.int32(0);
  w.int16(apiKey);
  w.int16(apiVersion);
  w.int32(correlationId);
  if (clientId === null) w.int16(-1);
  else { w.int16(Buffer.byteLength(clientId)); w.utf8(clientId); }
  if (codec.flexible) w.uvarint(0);
  codec.write(w, body);
  w.buf.writeInt32BE(w.pos - 4, 0);
  return w.buf.subarray(0, w.pos);
}

