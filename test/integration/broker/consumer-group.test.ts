import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { waitFor, withBroker } from '../../support/broker.js';

const TOPIC = 'group-topic';
const PARTITIONS = 6;

describe('embedded broker: kafkajs consumer group', () => {
  const broker = withBroker();
  const kafka = () => new Kafka({ brokers: [broker().bootstrap], clientId: 'it-group', logLevel: logLevel.NOTHING });

  it('balances 3 members, rebalances when one leaves and one joins, and resumes from committed offsets', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    const producer = kafka().producer();
    await producer.connect();
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await producer.send({ topic: TOPIC, messages: [{ partition: i % PARTITIONS, value: `m${i}` }] });
      }
    };
    await send(0, 60);

    const seen = new Map<string, string>(); // value → member
    const assignments = new Map<string, number[]>();
    const start = async (name: string): Promise<Consumer> => {
      const c = kafka().consumer({
        groupId: 'g3', sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100,
      });
      c.on(c.events.GROUP_JOIN, (e) => {
        assignments.set(name, (e.payload.memberAssignment[TOPIC] as number[] | undefined) ?? []);
      });
      await c.connect();
      await c.subscribe({ topic: TOPIC, fromBeginning: true });
      await c.run({ eachMessage: async ({ message }: EachMessagePayload) => { seen.set(String(message.value), name); } });
      return c;
    };
    const members = { a: await start('a'), b: await start('b'), c: await start('c') };
    const assigned = (names: string[]) => names.flatMap((n) => assignments.get(n) ?? []).sort((x, y) => x - y);
    const everyPartitionOnce = (names: string[]) =>
      JSON.stringify(assigned(names)) === JSON.stringify([...Array(PARTITIONS).keys()]) &&
      names.every((n) => (assignments.get(n)?.length ?? 0) === PARTITIONS / names.length);
    await waitFor(() => everyPartitionOnce(['a', 'b', 'c']), 'three members with two partitions each');
    await waitFor(() => seen.size === 60, 'first 60 records consumed');

    const described = await admin.describeGroups(['g3']);
    expect(described.groups[0]!.state).toBe('Stable');
    expect(described.groups[0]!.members.length).toBe(3);
    expect(described.groups[0]!.members[0]!.clientHost).toMatch(/127\.0\.0\.1/);
    expect((await admin.listGroups()).groups).toContainEqual({ groupId: 'g3', protocolType: 'consumer' });

    // One leaves: the other two take over all partitions.
    await members.a.disconnect();
    assignments.delete('a');
    await waitFor(() => everyPartitionOnce(['b', 'c']), 'two members with three partitions each');
    await send(60, 90);
    await waitFor(() => seen.size === 90, 'records produced after the leave consumed');
    expect(new Set([...seen.entries()].filter(([v]) => Number(v.slice(1)) >= 60).map(([, m]) => m))).not.toContain('a');

    // One joins: three members again.
    const d = await start('d');
    await waitFor(() => everyPartitionOnce(['b', 'c', 'd']), 'three members after the join');
    await send(90, 120);
    await waitFor(() => seen.size === 120, 'records produced after the join consumed');

    // Everyone leaves; committed offsets are where a new member resumes.
    for (const c of [members.b, members.c, d]) await c.disconnect();
    const offsets = await admin.fetchOffsets({ groupId: 'g3', topics: [TOPIC] });
    expect(offsets[0]!.partitions.map((p) => p.offset).sort()).toEqual(Array(PARTITIONS).fill('20'));
    seen.clear();
    await send(120, 126);
    const e = await start('e');
    await waitFor(() => seen.size === 6, 'only the records after the committed offsets');
    expect([...seen.keys()].sort()).toEqual(['m120', 'm121', 'm122', 'm123', 'm124', 'm125']);
    await e.disconnect();

    // Deleting the topic removes its committed offsets; a re-created topic starts fresh.
    await admin.deleteTopics({ topics: [TOPIC] });
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    const fresh = await admin.fetchOffsets({ groupId: 'g3', topics: [TOPIC] });
    expect(fresh[0]!.partitions.map((p) => p.offset)).toEqual(Array(PARTITIONS).fill('-1'));
    await producer.disconnect();
    await admin.disconnect();
  });
});
