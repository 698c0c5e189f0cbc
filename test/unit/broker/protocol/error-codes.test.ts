import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { ErrorCode, allErrors, errorName, isRetriable } from '../../../../src/broker/protocol/error-codes.js';
import { ApiKey, apiName } from '../../../../src/broker/protocol/api-keys.js';

const require = createRequire(import.meta.url);

// Names kafkajs still uses for codes Kafka has since renamed.
const RENAMED: Record<string, string> = {
  NOT_LEADER_FOR_PARTITION: 'NOT_LEADER_OR_FOLLOWER',
  GROUP_LOAD_IN_PROGRESS: 'COORDINATOR_LOAD_IN_PROGRESS',
  GROUP_COORDINATOR_NOT_AVAILABLE: 'COORDINATOR_NOT_AVAILABLE',
  NOT_COORDINATOR_FOR_GROUP: 'NOT_COORDINATOR',
};

describe('error codes', () => {
  it('has the numbers the contract names', () => {
    expect(ErrorCode).toMatchObject({ NONE: 0, OFFSET_OUT_OF_RANGE: 1, CORRUPT_MESSAGE: 2, UNKNOWN_TOPIC_OR_PARTITION: 3, UNSUPPORTED_VERSION: 35, UNKNOWN_SERVER_ERROR: -1 });
    expect(errorName(35)).toBe('UNSUPPORTED_VERSION');
    expect(errorName(9999)).toBe('UNKNOWN_ERROR_9999');
  });

  it('agrees with kafkajs on every code kafkajs knows (name and number)', () => {
    const { errorCodes } = require('kafkajs/src/protocol/error');
    let checked = 0;
    for (const e of errorCodes as Array<{ type: string; code: number; retriable: boolean }>) {
      if (e.code === -1 && e.type === 'UNKNOWN') continue;
      if (e.type.startsWith('KAFKAJS')) continue;
      expect(errorName(e.code), `code ${e.code}`).toBe(RENAMED[e.type] ?? e.type);
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('marks retriable errors like Kafka', () => {
    for (const c of [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.CONCURRENT_TRANSACTIONS]) {
      expect(isRetriable(c)).toBe(true);
    }
    for (const c of [ErrorCode.NONE, ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.REBALANCE_IN_PROGRESS]) {
      expect(isRetriable(c)).toBe(false);
    }
    const all = allErrors();
    expect(new Set(all.map((e) => e.code)).size).toBe(all.length);
  });
});

describe('api keys', () => {
  it('numbers and names', () => {
    expect([ApiKey.Produce, ApiKey.Fetch, ApiKey.ApiVersions, ApiKey.SaslAuthenticate, ApiKey.DeleteGroups, ApiKey.DescribeCluster]).toEqual([0, 1, 18, 36, 42, 60]);
    expect(apiName(18)).toBe('ApiVersions');
    expect(apiName(999)).toBe('ApiKey(999)');
  });
});
