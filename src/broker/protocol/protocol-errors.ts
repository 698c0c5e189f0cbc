// Typed errors thrown by the codecs. Callers map them to Kafka error codes or close the connection;
// nothing else escapes from decode paths (the fuzz test checks this).

/** A frame size prefix that is negative or above the configured maximum: close the connection. */
export class InvalidFrameError extends Error {
  readonly code = 'TRIB_BROKER_INVALID_FRAME';
  constructor(readonly size: number, readonly maxFrameBytes: number) {
    super(`invalid frame size ${size} (max ${maxFrameBytes})`);
    this.name = 'InvalidFrameError';
  }
}

/** Request bytes that do not parse as the API/version its header names. */
export class MalformedRequestError extends Error {
  readonly code = 'TRIB_BROKER_MALFORMED_REQUEST';
  constructor(message: string, readonly apiKey?: number, readonly apiVersion?: number, readonly correlationId?: number) {
    super(message);
    this.name = 'MalformedRequestError';
  }
}

/** An API key or version this codec does not implement; the header parsed, so the server can answer. */
export class UnsupportedVersionError extends Error {
  readonly code = 'TRIB_BROKER_UNSUPPORTED_VERSION';
  constructor(readonly apiKey: number, readonly apiVersion: number, readonly correlationId: number, readonly clientId: string | null = null) {
    super(`unsupported api key ${apiKey} version ${apiVersion}`);
    this.name = 'UnsupportedVersionError';
  }

  /** KIP-511: an ApiVersions request of a version we lack gets a v0 UNSUPPORTED_VERSION answer, not a close. */
  get isApiVersionsFallback(): boolean {
    return this.apiKey === 18 && this.apiVersion >= 0;
  }
}

/** A record batch whose bytes are inconsistent (bad CRC, truncated, undecodable compression). */
export class CorruptRecordError extends Error {
  readonly code = 'TRIB_BROKER_CORRUPT_RECORD';
  constructor(message: string) {
    super(message);
    this.name = 'CorruptRecordError';
  }
}

/** A compression codec id we cannot handle in the requested direction (e.g. zstd encode on Node 20). */
export class UnsupportedCompressionError extends Error {
  readonly code = 'TRIB_BROKER_UNSUPPORTED_COMPRESSION';
  constructor(readonly codec: number, readonly direction: 'compress' | 'decompress') {
    super(`compression codec ${codec} is not supported for ${direction}`);
    this.name = 'UnsupportedCompressionError';
  }
}
