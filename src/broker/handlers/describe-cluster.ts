import { ErrorCode } from '../protocol/error-codes.js';
import type { Handler } from '../server/request-context.js';
import { brokerEndpoint } from './metadata.js';

const BROKERS_ENDPOINT = 1;

/** DescribeCluster (flexible-only API): this single node is the cluster and its controller. */
export const handleDescribeCluster: Handler = async (body: { endpointType?: number }, ctx) => {
  const { nodeId, host, port } = brokerEndpoint(ctx);
  if (body.endpointType !== undefined && body.endpointType !== BROKERS_ENDPOINT) {
    return {
      throttleTimeMs: 0, errorCode: ErrorCode.MISMATCHED_ENDPOINT_TYPE, errorMessage: 'This node only serves broker endpoints.',
      endpointType: BROKERS_ENDPOINT, clusterId: ctx.broker.clusterId, controllerId: -1, brokers: [], clusterAuthorizedOperations: -2147483648,
    };
  }
  return {
    throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, endpointType: BROKERS_ENDPOINT,
    clusterId: ctx.broker.clusterId, controllerId: nodeId,
    brokers: [{ brokerId: nodeId, host, port, rack: null }],
    clusterAuthorizedOperations: -2147483648,
  };
};
