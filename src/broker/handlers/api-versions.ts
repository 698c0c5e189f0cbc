import { ErrorCode } from '../protocol/error-codes.js';
import type { ApiVersionRange } from '../server/broker-context.js';
import type { Handler } from '../server/request-context.js';

/** The ApiVersions response body; also the KIP-511 fallback (v0 body with UNSUPPORTED_VERSION). */
export function apiVersionsBody(errorCode: number, apiKeys: ReadonlyArray<ApiVersionRange>) {
  return { errorCode, apiKeys: apiKeys.map((k) => ({ ...k })), throttleTimeMs: 0 };
}

export const handleApiVersions: Handler = async (_body, ctx) => apiVersionsBody(ErrorCode.NONE, ctx.broker.apiVersions);
