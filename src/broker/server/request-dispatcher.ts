import { ApiKey, apiName } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { MalformedRequestError, UnsupportedVersionError } from '../protocol/protocol-errors.js';
import { decodeRequest } from '../protocol/request.js';
import { encodeResponse } from '../protocol/response.js';
import { CloseConnectionError, type FrameHandler } from '../net/connection.js';
import { apiVersionsBody } from '../handlers/api-versions.js';
import { saslGate } from '../security/sasl-gate.js';
import { handleRawSaslToken, RAW_TOKENS } from '../security/sasl-handlers.js';
import type { BrokerContext } from './broker-context.js';
import type { Handler } from './request-context.js';

/**
 * Decodes a request frame, runs its handler and encodes the response. Unsupported ApiVersions
 * versions get Kafka's KIP-511 answer (a v0 body with UNSUPPORTED_VERSION); any other request that
 * cannot be decoded or served closes the connection (as Kafka does), which the connection logs once.
 */
export function createRequestDispatcher(broker: BrokerContext, handlers: ReadonlyMap<number, Handler>): FrameHandler {
  return async (frame, conn) => {
    if (conn.attributes.get(RAW_TOKENS) === true) {
      const res = handleRawSaslToken(conn, conn.sasl, frame);
      if ('error' in res) throw new CloseConnectionError(`SASL authentication failed: ${res.error}`);
      return res;
    }
    let req;
    try {
      req = decodeRequest(frame);
    } catch (err) {
      if (err instanceof UnsupportedVersionError) {
        if (err.apiKey === ApiKey.ApiVersions) {
          return encodeResponse(ApiKey.ApiVersions, 0, err.correlationId, apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, broker.apiVersions));
        }
        throw new CloseConnectionError(`unsupported request ${apiName(err.apiKey)} v${err.apiVersion}`);
      }
      if (err instanceof MalformedRequestError) throw new CloseConnectionError(`malformed request: ${err.message}`);
      throw err;
    }
    if (!advertised(broker, req.apiKey, req.apiVersion)) {
      // Decodable but not offered (e.g. a flexible version): same answer as an unknown version.
      if (req.apiKey === ApiKey.ApiVersions) {
        return encodeResponse(ApiKey.ApiVersions, 0, req.correlationId, apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, broker.apiVersions));
      }
      throw new CloseConnectionError(`unsupported request ${apiName(req.apiKey)} v${req.apiVersion}`);
    }
    const handler = handlers.get(req.apiKey);
    if (!handler) throw new CloseConnectionError(`no handler for ${apiName(req.apiKey)}`);
    if (conn.sasl && !saslGate(conn, req.apiKey)) {
      throw new CloseConnectionError(`${apiName(req.apiKey)} before SASL authentication`);
    }
    const body = await handler(req.body, {
      broker, conn, apiKey: req.apiKey, apiVersion: req.apiVersion, correlationId: req.correlationId, clientId: req.clientId,
    });
    if (body === null) return null;
    return encodeResponse(req.apiKey, req.apiVersion, req.correlationId, body);
  };
}

function advertised(broker: BrokerContext, apiKey: number, apiVersion: number): boolean {
  const range = broker.apiVersions.find((r) => r.apiKey === apiKey);
  return range !== undefined && apiVersion >= range.minVersion && apiVersion <= range.maxVersion;
}
