/**
 * kafka-python 2.0 (pure Python, Debian's python3-kafka) against the embedded broker. It uses old protocol
 * versions (Metadata v0-1, FindCoordinator v0, Fetch v4, JoinGroup v2 …) after probing the broker release
 * with ApiVersions v0 pipelined with Metadata v0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBroker } from '../support/broker.js';
import { expectSuccess, runProcess } from './run-process.js';

const broker = withBroker();
const script = join(import.meta.dirname, 'python', 'kafka_python_scenarios.py');

async function scenario(name: string): Promise<Record<string, unknown>> {
  // Debian's python3 (not a pyenv one) has the python3-kafka package.
  const r = expectSuccess(await runProcess('/usr/bin/python3', [script, broker().bootstrap, name], { timeoutMs: 90_000 }), `kafka-python ${name}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('kafka-python against the embedded broker', () => {
  it('admin: create (with configs), create partitions, describe configs, delete', async () => {
    expect(await scenario('admin')).toEqual({
      topics: ['kp-admin'],
      partitions: 4,
      'cleanup.policy': 'compact',
      after_delete: [],
    });
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('producer (acks=all, %s) and consumer round trip', async (codec) => {
    expect(await scenario(`produce-${codec}`)).toEqual({ offsets_contiguous: true, consumed: 500, in_order: true });
  });

  it('group consumer commits; a second member of the group resumes after the commits; admin sees the group', async () => {
    expect(await scenario('group')).toEqual({
      first: 300,
      committed: 300,
      second: 0,
      groups: ['kp-g'],
      group_state: 'Empty',
      group_offsets: 300,
    });
  });
});
