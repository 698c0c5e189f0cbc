import { ErrorCode } from '../protocol/error-codes.js';
import { CONFIG_TYPE_CODE, TOPIC_CONFIG_DEFS, effectiveTopicConfig } from '../topics/topic-config.js';
import type { Handler } from '../server/request-context.js';

export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;
// DescribeConfigs ConfigSource values.
const SOURCE_DYNAMIC_TOPIC = 1;
const SOURCE_STATIC_BROKER = 4;
const SOURCE_DEFAULT = 5;

interface DescribeConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configurationKeys: string[] | null }>;
  includeSynonyms?: boolean;
  includeDocumentation?: boolean;
}

interface ConfigEntry { name: string; value: string; isDefault: boolean; source: number; type: number }

function entry(e: ConfigEntry) {
  return {
    name: e.name, value: e.value, readOnly: e.source === SOURCE_STATIC_BROKER, isDefault: e.isDefault,
    configSource: e.source, isSensitive: false, synonyms: [], configType: e.type, documentation: null,
  };
}

/** DescribeConfigs for TOPIC and BROKER resources (no synonyms). */
export const handleDescribeConfigs: Handler = async (body: DescribeConfigsRequest, ctx) => {
  const broker = ctx.broker;
  const results = body.resources.map((r) => {
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    const keep = (name: string) => r.configurationKeys === null || r.configurationKeys.includes(name);
    if (r.resourceType === RESOURCE_TOPIC) {
      const topic = broker.topics.get(r.resourceName);
      if (!topic) {
        return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${r.resourceName}' does not exist.`, configs: [] };
      }
      const configs = Object.entries(TOPIC_CONFIG_DEFS).filter(([name]) => keep(name)).map(([name, def]) => {
        const overridden = name in topic.configs;
        return entry({
          name, value: effectiveTopicConfig(topic.configs, name), isDefault: !overridden,
          source: overridden ? SOURCE_DYNAMIC_TOPIC : SOURCE_DEFAULT, type: CONFIG_TYPE_CODE[def.type],
        });
      });
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
    }
    if (r.resourceType === RESOURCE_BROKER) {
      if (r.resourceName !== '' && r.resourceName !== String(broker.nodeId)) {
        return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown broker ${r.resourceName}`, configs: [] };
      }
      const configs = Object.entries(broker.brokerConfigs).filter(([name]) => keep(name)).map(([name, value]) =>
        entry({ name, value, isDefault: false, source: SOURCE_STATIC_BROKER, type: CONFIG_TYPE_CODE.string }));
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
    }
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type ${r.resourceType}`, configs: [] };
  });
  return { throttleTimeMs: 0, results };
};
