import { ErrorCode } from '../protocol/error-codes.js';
import type { Handler } from '../server/request-context.js';
import { brokerEndpoint } from './metadata.js';

interface FindCoordinatorRequest {
  key?: string;
  keyType?: number;
  coordinatorKeys?: string[];
}

/** FindCoordinator: this node coordinates every group and transactional id (v0-3 single key, v4+ batched). */
export const handleFindCoordinator: Handler = async (body: FindCoordinatorRequest, ctx) => {
  const { nodeId, host, port } = brokerEndpoint(ctx);
  const keys = body.coordinatorKeys ?? [];
  return {
    throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, nodeId, host, port,
    coordinators: keys.map((key) => ({ key, nodeId, host, port, errorCode: ErrorCode.NONE, errorMessage: null })),
  };
};
