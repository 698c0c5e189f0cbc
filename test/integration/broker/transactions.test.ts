import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { waitFor, withBroker } from '../../support/broker.js';

describe('embedded broker: idempotence and transactions with kafkajs', () => {
  const broker = withBroker();
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-txn', logLevel: logLevel.NOTHING });

  async function readAll(topic: string, groupId: string, expected: number, readUncommitted = false): Promise<KafkaMessage[]> {
    const consumer = kafka().consumer({ groupId, readUncommitted, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message); } });
    await waitFor(() => got.length >= expected, `${expected} records from ${topic}`);
    await consumer.disconnect();
    return got;
  }

  it('an idempotent producer writes each record once, in order', async () => {
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'idem', acks: -1, messages: [{ value: `v${i}` }] });
    await producer.disconnect();
    const got = await readAll('idem', 'g-idem', 20);
    expect(got.map((m) => String(m.value))).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
    expect(got.map((m) => m.offset)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('a read_committed consumer sees committed transactions and never aborted records', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'txn', numPartitions: 2 }] });
    const producer = kafka().producer({ transactionalId: 'tx-1', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let round = 0; round < 3; round++) {
      const commit = await producer.transaction();
      await commit.send({ topic: 'txn', messages: [{ key: 'c', value: `commit-${round}-a` }, { key: 'd', value: `commit-${round}-b` }] });
      await commit.commit();
      const abort = await producer.transaction();
      await abort.send({ topic: 'txn', messages: [{ key: 'c', value: `abort-${round}-a` }, { key: 'd', value: `abort-${round}-b` }] });
      await abort.abort();
    }
    const committed = await readAll('txn', 'g-rc', 6);
    const values = committed.map((m) => String(m.value));
    expect(values.sort()).toEqual(['commit-0-a', 'commit-0-b', 'commit-1-a', 'commit-1-b', 'commit-2-a', 'commit-2-b']);
    // The aborted data is in the log: a read_uncommitted consumer sees it.
    const all = await readAll('txn', 'g-ru', 12, true);
    expect(all.filter((m) => String(m.value).startsWith('abort')).length).toBe(6);

    // An open transaction holds back read_committed readers at the last stable offset.
    // (kafkajs's admin lists offsets read_committed: "high" is the last stable offset.)
    const stable = async () => (await admin.fetchTopicOffsets('txn')).map((o) => Number(o.high)).reduce((a, b) => a + b, 0);
    const before = await stable();
    const open = await producer.transaction();
    await open.send({ topic: 'txn', messages: [{ key: 'c', value: 'pending' }] });
    expect(await stable()).toBe(before);
    await open.commit();
    expect(await stable()).toBe(before + 2); // the record and its COMMIT marker
    const after = await readAll('txn', 'g-rc2', 7);
    expect(after.map((m) => String(m.value))).toContain('pending');
    await producer.disconnect();
    await admin.disconnect();
  });

  it('aborts a transaction whose producer went away once transaction.timeout.ms passes', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'txn-timeout' }] });
    const producer = kafka().producer({ transactionalId: 'tx-abandoned', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 1000 });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic: 'txn-timeout', messages: [{ value: 'never committed' }] });
    const stable = async () => Number((await admin.fetchTopicOffsets('txn-timeout'))[0]!.high);
    expect(await stable()).toBe(0); // held back by the open transaction
    // No commit, no abort: the coordinator's timeout writes the ABORT marker and the LSO moves past it.
    await waitFor(async () => (await stable()) === 2, 'the timed-out transaction aborted', 30_000);
    await admin.disconnect();
    await producer.disconnect().catch(() => undefined);
  });

  it('fences a zombie producer when a new one takes over its transactional id', async () => {
    const zombie = kafka().producer({ transactionalId: 'tx-fence', idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 50 } });
    await zombie.connect();
    const old = await zombie.transaction();
    await old.send({ topic: 'fence', messages: [{ value: 'from zombie' }] });
    const successor = kafka().producer({ transactionalId: 'tx-fence', idempotent: true, maxInFlightRequests: 1 });
    await successor.connect();
    const tx = await successor.transaction(); // InitProducerId: bumps the epoch, aborts the zombie's transaction
    await expect(old.send({ topic: 'fence', messages: [{ value: 'late' }] }).then(() => old.commit())).rejects.toThrow();
    await tx.send({ topic: 'fence', messages: [{ value: 'from successor' }] });
    await tx.commit();
    const got = await readAll('fence', 'g-fence', 1);
    expect(got.map((m) => String(m.value))).toEqual(['from successor']);
    await successor.disconnect();
    await zombie.disconnect().catch(() => undefined);
  });

  it('commits consumer offsets inside a transaction (consume-transform-produce)', async () => {
    const producer = kafka().producer({ transactionalId: 'tx-eos', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'eos-in', messages: [{ value: 'a' }, { value: 'b' }] });
    const tx = await producer.transaction();
    await tx.send({ topic: 'eos-out', messages: [{ value: 'A' }, { value: 'B' }] });
    await tx.sendOffsets({ consumerGroupId: 'g-eos', topics: [{ topic: 'eos-in', partitions: [{ partition: 0, offset: '2' }] }] });
    await tx.commit();
    const admin = kafka().admin();
    await admin.connect();
    await waitFor(async () => {
      const o = await admin.fetchOffsets({ groupId: 'g-eos', topics: ['eos-in'] });
      return o[0]!.partitions[0]!.offset === '2';
    }, 'transactional offset commit visible');
    await admin.disconnect();
    await producer.disconnect();
  });
});
