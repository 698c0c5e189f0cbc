// Response framing: header v0 (correlation id) or v1 (+ tagged fields) for flexible versions —
// except ApiVersions, whose response header is always v0 so any client can read the fallback (KIP-511).
import { ByteReader, ReadError } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { ApiKey } from './api-keys.js';
import { codecFor } from './codec-registry.js';
import { ErrorCode } from './error-codes.js';
import type { Body } from './message-codec.js';
import { MalformedRequestError, UnsupportedVersionError } from './protocol-errors.js';
import { skipTaggedFields } from './request.js';
import { type ApiVersionRange, supportedVersions } from './supported-versions.js';

function usesHeaderV1(apiKey: number, flexible: boolean): boolean {
  return flexible && apiKey !== ApiKey.ApiVersions;
}

/** Encodes a response including its 4-byte size prefix. */
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: Body): Buffer {
  const codec = codecFor(apiKey, apiVersion, 'response');
  if (codec === undefined) throw new UnsupportedVersionError(apiKey, apiVersion, correlationId);
  const w = new ByteWriter(1024);
  w.int32(0);
  w.int32(correlationId);
  if (usesHeaderV1(apiKey, codec.flexible)) w.uvarint(0);
  codec.write(w, body);
  w.buf.writeInt32BE(w.pos - 4, 0);
  return w.buf.subarray(0, w.pos);
}

/**
 * Like encodeResponse, but returns the frame as segments (size prefix included in the first) in which
 * large `records` buffers are the caller's own Buffers, not copies — for socket.writev / cork on Fetch.
 * The records buffers must not be modified until the write completes.
 */
export function encodeResponseChunks(apiKey: number, apiVersion: number, correlationId: number, body: Body): Buffer[] {
  const codec = codecFor(apiKey, apiVersion, 'response');
  if (codec === undefined) throw new UnsupportedVersionError(apiKey, apiVersion, correlationId);
  const w = new ByteWriter(1024);
  w.chunks = [];
  w.int32(0);
  w.int32(correlationId);
  if (usesHeaderV1(apiKey, codec.flexible)) w.uvarint(0);
  codec.write(w, body);
  const total = w.totalLength;
  const chunks = w.finishChunks();
  chunks[0]!.writeInt32BE(total - 4, 0); // the first segment always starts with the size prefix
  return chunks;
}

/**
 * KIP-511: the answer to an ApiVersions request whose version we do not support — a v0 body with
 * UNSUPPORTED_VERSION and our ranges, so the client retries with a version we list.
 */
export function encodeApiVersionsFallback(correlationId: number, apiVersionsList: ApiVersionRange[] = supportedVersions()): Buffer {
  return encodeResponse(ApiKey.ApiVersions, 0, correlationId, {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: apiVersionsList,
  });
}

/** Decodes a response frame (without its size prefix). Throws MalformedRequestError on garbage. */
export function decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): { correlationId: number; body: Body } {
  const codec = codecFor(apiKey, apiVersion, 'response');
  if (codec === undefined) throw new UnsupportedVersionError(apiKey, apiVersion, -1);
  const r = new ByteReader(frame);
  try {
    const correlationId = r.int32();
    if (usesHeaderV1(apiKey, codec.flexible)) skipTaggedFields(r);
    return { correlationId, body: codec.read(r) };
  } catch (err) {
    const why = err instanceof ReadError ? err.message : `unexpected ${(err as Error)?.name}: ${(err as Error)?.message}`;
    throw new MalformedRequestError(`malformed response api ${apiKey} v${apiVersion}: ${why}`, apiKey, apiVersion);
  }
}
