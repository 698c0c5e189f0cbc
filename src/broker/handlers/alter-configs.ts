import { ErrorCode } from '../protocol/error-codes.js';
import { TopicError } from '../topics/topic-manager.js';
import type { Handler } from '../server/request-context.js';
import { RESOURCE_BROKER, RESOURCE_TOPIC } from './describe-configs.js';

interface AlterConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configs: Array<{ name: string; value: string | null }> }>;
  validateOnly: boolean;
}

/** AlterConfigs (replace semantics) for topics; broker configs are static here. */
export const handleAlterConfigs: Handler = async (body: AlterConfigsRequest, ctx) => {
  const responses = [];
  for (const r of body.resources) {
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    if (r.resourceType === RESOURCE_BROKER) {
      responses.push({ ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Broker configs cannot be altered at runtime.' });
      continue;
    }
    if (r.resourceType !== RESOURCE_TOPIC) {
      responses.push({ ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type ${r.resourceType}` });
      continue;
    }
    const configs: Record<string, string | null> = {};
    for (const c of r.configs) configs[c.name] = c.value;
    try {
      await ctx.broker.topics.replaceConfigs(r.resourceName, configs, body.validateOnly);
      responses.push({ ...base, errorCode: ErrorCode.NONE, errorMessage: null });
    } catch (err) {
      if (!(err instanceof TopicError)) throw err;
      responses.push({ ...base, errorCode: err.errorCode, errorMessage: err.message });
    }
  }
  return { throttleTimeMs: 0, responses };
};
