/**
 * kcat (librdkafka 2.0.x, Debian's build) against the embedded broker: metadata, produce with every codec
 * (checking that the codec was really used on the wire), consume, and a balanced consumer group.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/api/logger.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import { withBroker } from '../support/broker.js';
import { expectSuccess, runProcess } from './run-process.js';

const broker = withBroker();
const kcat = (args: string[], input?: string) =>
  runProcess('kcat', ['-b', broker().bootstrap, ...args], { input, timeoutMs: 60_000 });

// Values of a few hundred bytes so that compression shrinks the batch (librdkafka sends a batch
// uncompressed, silently, when compressing would not make it smaller).
const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `${tag}-${String(i).padStart(5, '0')}-${'x'.repeat(300)}`);

describe('kcat (librdkafka) against the embedded broker', () => {
  it('reads cluster metadata (-L -J) with this broker as controller', async () => {
    expectSuccess(await kcat(['-P', '-t', 'kcat-meta'], 'hello\n'), 'kcat -P');
    const r = expectSuccess(await kcat(['-L', '-J']), 'kcat -L');
    const meta = JSON.parse(r.stdout) as {
      controllerid: number;
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{ topic: string; partitions: unknown[] }>;
    };
    expect(meta.brokers).toEqual([{ id: broker().nodeId, name: broker().bootstrap }]);
    expect(meta.controllerid).toBe(broker().nodeId);
    expect(meta.topics.find((t) => t.topic === 'kcat-meta')?.partitions).toHaveLength(1);
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('produces with -z %s (acks=all) and consumes it back', async (codec) => {
    const topic = `kcat-codec-${codec}`;
    const sent = lines(200, codec);
    const produced = expectSuccess(
      await kcat(['-P', '-t', topic, '-z', codec, '-X', 'topic.request.required.acks=-1', '-d', 'msg'], sent.join('\n') + '\n'),
      `kcat -P -z ${codec}`,
    );
    if (codec !== 'none') {
      // "Produce MessageSet with N message(s) (… ApiVersion 7, MsgVersion 2, …, <codec>)"
      expect(produced.stderr).toMatch(new RegExp(`Produce MessageSet .*MsgVersion 2.*${codec}`));
    }
    const consumed = expectSuccess(await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q']), 'kcat -C');
    expect(consumed.stdout.trimEnd().split('\n')).toEqual(sent);
  });

  it.each(['gzip', 'snappy', 'lz4'])('reads %s batches that our fast producer compressed (librdkafka decompresses them)', async (codec) => {
    const topic = `ours-codec-${codec}`;
    const producer = new KafkaProducer({ 'bootstrap.servers': broker().bootstrap, 'compression.type': codec }, silentLogger);
    await producer.connect();
    // ≈ 160 KB per request: several 64 KB lz4 blocks
    const sent = [...lines(500, `${codec}-a`), ...lines(500, `${codec}-b`)];
    try {
      await producer.send(sent.slice(0, 500).map((v) => ({ topic, partition: 0, key: null, value: Buffer.from(v), headers: [], timestamp: null })));
      await producer.send(sent.slice(500).map((v) => ({ topic, partition: 0, key: null, value: Buffer.from(v), headers: [], timestamp: null })));
    } finally {
      await producer.close();
    }
    // (that the batches really are compressed with the codec is checked on the broker's segment file in
    // test/integration/kafka/record-batch-producer.test.ts)
    const r = expectSuccess(await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q']), 'kcat -C');
    expect(r.stdout.trimEnd().split('\n')).toEqual(sent);
  });

  it('produces keyed messages and reads them with key, partition and offset formatting', async () => {
    const topic = 'kcat-keys';
    expectSuccess(await kcat(['-P', '-t', topic, '-K:'], 'k1:v1\nk2:v2\nk1:v3\n'), 'kcat -P -K');
    const r = expectSuccess(await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s@%o\\n']), 'kcat -C -f');
    expect(r.stdout).toBe('k1=v1@0\nk2=v2@1\nk1=v3@2\n');
  });

  it('consumes from an offset looked up by timestamp (-Q)', async () => {
    const topic = 'kcat-times';
    expectSuccess(await kcat(['-P', '-t', topic], 'a\nb\nc\n'), 'kcat -P');
    const r = expectSuccess(await kcat(['-Q', '-t', `${topic}:0:0`]), 'kcat -Q');
    expect(r.stdout).toMatch(new RegExp(`${topic} \\[0\\] +offset 0`));
  });

  it('consumes a 3-partition topic with a balanced consumer group (-G) and commits', async () => {
    const topic = 'kcat-group';
    // -p -1: librdkafka's partitioner spreads the lines over the 3 auto-created... partitions.
    const admin = expectSuccess(await runProcess('/usr/bin/python3', ['-c', `
from kafka.admin import KafkaAdminClient, NewTopic
a = KafkaAdminClient(bootstrap_servers='${broker().bootstrap}')
a.create_topics([NewTopic('${topic}', 3, 1)])
a.close()
`]), 'create topic');
    expect(admin.code).toBe(0);
    const sent = Array.from({ length: 300 }, (_, i) => `m${i}`);
    expectSuccess(await kcat(['-P', '-t', topic, '-p', '-1', '-K:'], sent.map((v) => `${v}:${v}`).join('\n') + '\n'), 'kcat -P');
    const first = expectSuccess(
      await kcat(['-G', 'kcat-g1', topic, '-e', '-q', '-X', 'auto.offset.reset=earliest', '-X', 'enable.auto.commit=true', '-X', 'auto.commit.interval.ms=100']),
      'kcat -G',
    );
    expect(first.stdout.trimEnd().split('\n').sort()).toEqual([...sent].sort());
    // The group committed: a second run of the same group reads nothing new.
    const second = expectSuccess(await kcat(['-G', 'kcat-g1', topic, '-e', '-q']), 'kcat -G again');
    expect(second.stdout).toBe('');
  });

  it('produces idempotently (enable.idempotence)', async () => {
    const topic = 'kcat-idem';
    const sent = lines(100, 'idem');
    expectSuccess(await kcat(['-P', '-t', topic, '-X', 'enable.idempotence=true'], sent.join('\n') + '\n'), 'kcat -P idempotent');
    const r = expectSuccess(await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q']), 'kcat -C');
    expect(r.stdout.trimEnd().split('\n')).toEqual(sent);
  });
});
