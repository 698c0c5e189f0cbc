import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';
import type { GroupCoordinator } from '../../../../src/broker/group/group-coordinator.js';
import { decodeKey, encodeOffsetKey } from '../../../../src/broker/group/offsets-format.js';
import { ManualTime, joinReq, makeCoordinator, settle, startJoin } from './group-test-kit.js';

const commitBody = (groupId: string, generation: number, memberId: string, parts: Array<[string, number, number, string?]>) => ({
  groupId,
  generationIdOrMemberEpoch: generation,
  memberId,
  groupInstanceId: null,
  retentionTimeMs: -1,
  topics: [...new Set(parts.map((p) => p[0]))].map((name) => ({
    name,
    partitions: parts.filter((p) => p[0] === name).map(([, partitionIndex, committedOffset, meta]) => ({
      partitionIndex, committedOffset, committedLeaderEpoch: 3, committedMetadata: meta ?? null,
    })),
  })),
});

async function stableGroup(c: GroupCoordinator, groupId: string, sessionTimeoutMs = 10_000): Promise<string> {
  const a = await startJoin(c, joinReq(groupId, { sessionTimeoutMs }));
  await a.join;
  await c.syncGroup({ groupId, generationId: 1, memberId: a.memberId, assignments: [] }, 3);
  return a.memberId;
}

function fetched(res: { topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; committedOffset: number; errorCode: number }> }> }) {
  return res.topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partitionIndex}=${p.committedOffset}${p.errorCode ? `!${p.errorCode}` : ''}`));
}

describe('GroupCoordinator offsets', { timeout: 5000 }, () => {
  it('commits and fetches offsets of a group member; fetch-all with topics null; unknown → -1', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const m = await stableGroup(c, 'g');
    const res = await c.offsetCommit(commitBody('g', 1, m, [['t1', 0, 42, 'meta'], ['t1', 1, 7], ['t2', 0, 5]]), 6);
    expect(res.topics).toEqual([
      { name: 't1', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }] },
      { name: 't2', partitions: [{ partitionIndex: 0, errorCode: 0 }] },
    ]);
    const one = await c.offsetFetch({ groupId: 'g', topics: [{ name: 't1', partitionIndexes: [0, 9] }, { name: 'zz', partitionIndexes: [0] }] }, 4);
    expect(one.topics[0]!.partitions[0]).toEqual({ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 });
    expect(fetched(one)).toEqual(['t1/0=42', 't1/9=-1', 'zz/0=-1']);
    const all = await c.offsetFetch({ groupId: 'g', topics: null }, 4);
    expect(fetched(all).sort()).toEqual(['t1/0=42', 't1/1=7', 't2/0=5']);
    const batched = await c.offsetFetch({ groups: [{ groupId: 'g', topics: null }, { groupId: 'none', topics: null }] }, 8);
    expect(batched.groups.map((g) => [g.groupId, g.topics.length, g.errorCode])).toEqual([['g', 2, 0], ['none', 0, 0]]);
    const unknownGroup = await c.offsetFetch({ groupId: 'nobody', topics: [{ name: 't1', partitionIndexes: [0] }] }, 1);
    expect(fetched(unknownGroup)).toEqual(['t1/0=-1']);
  });

  it('checks generation and membership; allows simple commits (generation -1) for Empty groups', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { partitionExists: (t) => t !== 'missing' });
    const m = await stableGroup(c, 'g');
    const code = async (body: ReturnType<typeof commitBody>, v = 5) => (await c.offsetCommit(body, v)).topics[0]!.partitions[0]!.errorCode;
    expect(await code(commitBody('g', 9, m, [['t', 0, 1]]))).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await code(commitBody('g', 1, 'stranger', [['t', 0, 1]]))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await code(commitBody('g', -1, '', [['t', 0, 1]]))).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // group not Empty
    expect(await code(commitBody('g', 1, m, [['missing', 0, 1]]))).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(await code(commitBody('g', 1, m, [['t', 0, 1, 'x'.repeat(5000)]]))).toBe(ErrorCode.OFFSET_METADATA_TOO_LARGE);
    // standalone consumer: no group yet, generation -1 → creates an Empty offsets-only group
    expect(await code(commitBody('solo', -1, '', [['t', 0, 11]]))).toBe(ErrorCode.NONE);
    expect(await code(commitBody('solo', -1, '', [['t', 0, 12]]), 0)).toBe(ErrorCode.NONE); // v0 has no generation
    expect(fetched(await c.offsetFetch({ groupId: 'solo', topics: null }, 2))).toEqual(['t/0=12']);
    expect(await code(commitBody('ghost', 3, 'm', [['t', 0, 1]]))).toBe(ErrorCode.ILLEGAL_GENERATION);
    const listed = await c.listGroups({}, 4);
    expect(listed.groups.map((g) => [g.groupId, g.protocolType, g.groupState]).sort()).toEqual([['g', 'consumer', 'Stable'], ['solo', '', 'Empty']]);
  });

  it('persists offsets and groups; a new coordinator over the same store loads them back', async () => {
    const time = new ManualTime();
    const { coordinator: c1, store } = makeCoordinator(time);
    const a = await startJoin(c1, joinReq('g', { meta: 'sub-a', groupInstanceId: null }));
    await a.join;
    await c1.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [{ memberId: a.memberId, assignment: Buffer.from('asg') }] }, 3);
    await c1.offsetCommit(commitBody('g', 1, a.memberId, [['t', 0, 100, 'm0'], ['t', 1, 200]]), 5);
    await c1.offsetCommit(commitBody('g', 1, a.memberId, [['t', 0, 101]]), 5);
    await c1.offsetCommit(commitBody('simple', -1, '', [['u', 3, 9]]), 2);
    await c1.close();
    // records are in Kafka's key formats
    const kinds = store.records.map((r) => decodeKey(r.key)!.type);
    expect(kinds).toContain('group');
    expect(kinds).toContain('offset');

    const { coordinator: c2 } = makeCoordinator(time, store);
    await c2.load();
    expect(fetched(await c2.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=101', 't/1=200']);
    expect(fetched(await c2.offsetFetch({ groupId: 'simple', topics: null }, 4))).toEqual(['u/3=9']);
    const d = (await c2.describeGroups({ groups: ['g'] }, 4)).groups[0]!;
    expect(d).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(d.members).toEqual([{ memberId: a.memberId, groupInstanceId: null, clientId: 'client', clientHost: '/127.0.0.1', memberMetadata: Buffer.from('sub-a'), memberAssignment: Buffer.from('asg') }]);
    // The restored member continues in its generation...
    expect((await c2.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.NONE);
    expect((await c2.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3)).assignment.toString()).toBe('asg');
    // ...and is removed if it stops heartbeating.
    time.advance(10_001);
    await settle();
    expect((await c2.describeGroups({ groups: ['g'] }, 4)).groups[0]!.groupState).toBe('Empty');
    await c2.close();

    // The Empty state was persisted too: a third load sees an Empty group with its offsets.
    const { coordinator: c3 } = makeCoordinator(time, store);
    await c3.load();
    expect((await c3.describeGroups({ groups: ['g'] }, 4)).groups[0]!.groupState).toBe('Empty');
    expect(fetched(await c3.offsetFetch({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }, 4))).toEqual(['t/0=101']);
  });

  it('deletes Empty groups with tombstones; NON_EMPTY_GROUP and GROUP_ID_NOT_FOUND otherwise', async () => {
    const time = new ManualTime();
    const { coordinator: c, store } = makeCoordinator(time);
    const m = await stableGroup(c, 'busy');
    await c.offsetCommit(commitBody('busy', 1, m, [['t', 0, 1]]), 5);
    await c.offsetCommit(commitBody('idle', -1, '', [['t', 0, 5], ['t', 1, 6]]), 5);
    const res = await c.deleteGroups({ groupsNames: ['busy', 'idle', 'never'] }, 1);
    expect(res.results).toEqual([
      { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'idle', errorCode: ErrorCode.NONE },
      { groupId: 'never', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    const tombstones = store.records.filter((r) => r.value === null).map((r) => decodeKey(r.key));
    expect(tombstones).toEqual(expect.arrayContaining([
      { type: 'group', group: 'idle' },
      { type: 'offset', group: 'idle', topic: 't', partition: 0 },
      { type: 'offset', group: 'idle', topic: 't', partition: 1 },
    ]));
    expect(fetched(await c.offsetFetch({ groupId: 'idle', topics: null }, 4))).toEqual([]);
    expect((await c.describeGroups({ groups: ['idle'] }, 0)).groups[0]!.groupState).toBe('Dead');
    // and it stays deleted after a reload
    const { coordinator: c2 } = makeCoordinator(time, store);
    await c2.load();
    expect((await c2.listGroups({}, 0)).groups.map((g) => g.groupId)).toEqual(['busy']);
  });

  it('describes and lists groups (statesFilter v4)', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const m = await stableGroup(c, 'stable-one');
    await startJoin(c, joinReq('other', { protocolType: 'connect' }));
    await c.offsetCommit(commitBody('offsets-only', -1, '', [['t', 0, 1]]), 5);
    const d = await c.describeGroups({ groups: ['stable-one', 'missing'], includeAuthorizedOperations: true }, 3);
    expect(d.groups[0]).toMatchObject({ errorCode: 0, groupId: 'stable-one', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(d.groups[0]!.members.map((x) => x.memberId)).toEqual([m]);
    expect(d.groups[0]!.authorizedOperations).toBeGreaterThan(0);
    expect(d.groups[1]).toMatchObject({ errorCode: 0, groupId: 'missing', groupState: 'Dead', members: [] });
    const all = await c.listGroups({}, 4);
    expect(all.groups.map((g) => `${g.groupId}:${g.protocolType}:${g.groupState}`).sort()).toEqual(
      ['offsets-only::Empty', 'other:connect:CompletingRebalance', 'stable-one:consumer:Stable']);
    const filtered = await c.listGroups({ statesFilter: ['stable', 'Empty'] }, 4);
    expect(filtered.groups.map((g) => g.groupId).sort()).toEqual(['offsets-only', 'stable-one']);
  });

  it('transactional offsets are visible only after commit and gone after abort; requireStable', async () => {
    const time = new ManualTime();
    const { coordinator: c, store } = makeCoordinator(time);
    const txn = (pid: number, offset: number) => c.txnOffsetCommit({
      transactionalId: `tx-${pid}`, groupId: 'g', producerId: pid, producerEpoch: 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: null }] }],
    }, 1);
    await c.offsetCommit(commitBody('g', -1, '', [['t', 0, 10]]), 5);
    expect((await txn(77, 50)).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }, 5))).toEqual(['t/0=10']);
    const stable = await c.offsetFetch({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }], requireStable: true }, 7);
    expect(fetched(stable)).toEqual([`t/0=-1!${ErrorCode.UNSTABLE_OFFSET_COMMIT}`]);
    await c.completeTransaction(77, true);
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }], requireStable: true }, 7))).toEqual(['t/0=50']);

    await txn(78, 99);
    await c.completeTransaction(78, false);
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: null }, 7))).toEqual(['t/0=50']);

    // the committed txn offset is durable
    const { coordinator: c2 } = makeCoordinator(time, store);
    await c2.load();
    expect(fetched(await c2.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=50']);
  });

  it('TxnOffsetCommit v3 checks the consumer generation', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const m = await stableGroup(c, 'g');
    const body = (generationId: number, memberId: string) => ({
      transactionalId: 'tx', groupId: 'g', producerId: 5, producerEpoch: 0, generationId, memberId, groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: '' }] }],
    });
    expect((await c.txnOffsetCommit(body(2, m), 3)).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.txnOffsetCommit(body(1, 'who'), 3)).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.txnOffsetCommit(body(1, m), 3)).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it('expires offsets of Empty groups after offsets.retention.ms, then deletes the group', async () => {
    const time = new ManualTime();
    const { coordinator: c, store } = makeCoordinator(time, undefined, { offsetsRetentionMs: 60_000, offsetsRetentionCheckIntervalMs: 10_000, maxSessionTimeoutMs: 600_000 });
    const m = await stableGroup(c, 'g', 500_000); // stays a live member throughout
    await c.offsetCommit(commitBody('g', 1, m, [['t', 0, 3]]), 5);
    await c.offsetCommit(commitBody('simple', -1, '', [['t', 0, 4]]), 5);
    await c.offsetCommit({ ...commitBody('short', -1, '', [['t', 0, 5]]), retentionTimeMs: 15_000 }, 2);
    time.advance(20_000);
    await settle();
    expect(fetched(await c.offsetFetch({ groupId: 'short', topics: null }, 4))).toEqual([]); // explicit retention
    time.advance(50_000);
    await settle();
    // simple group: 60s after its commit → gone; member group: still Stable → kept
    expect(fetched(await c.offsetFetch({ groupId: 'simple', topics: null }, 4))).toEqual([]);
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=3']);
    await c.leaveGroup({ groupId: 'g', members: [{ memberId: m, groupInstanceId: null }] }, 3);
    expect((await c.describeGroups({ groups: ['g'] }, 0)).groups[0]!.groupState).toBe('Empty');
    time.advance(59_000);
    await settle();
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=3']);
    time.advance(11_000);
    await settle();
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual([]);
    expect((await c.listGroups({}, 4)).groups).toEqual([]);
    expect(store.records.filter((r) => r.value === null).length).toBeGreaterThanOrEqual(3);
    await c.close();
  });

  it('load() skips records it does not understand and honours tombstones', async () => {
    const time = new ManualTime();
    const { coordinator: c1, store } = makeCoordinator(time);
    await c1.offsetCommit(commitBody('g', -1, '', [['t', 0, 1], ['t', 1, 2]]), 5);
    store.records.push({ key: Buffer.from('0009ffff', 'hex'), value: Buffer.from('junk') }); // foreign key version
    store.records.push({ key: encodeOffsetKey('g', 't', 2), value: Buffer.from('0063', 'hex') }); // unknown value version
    store.records.push({ key: encodeOffsetKey('g', 't', 1), value: null }); // tombstone
    const { coordinator: c2 } = makeCoordinator(time, store);
    await c2.load();
    expect(fetched(await c2.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=1']);
  });

  it('a failed store write answers COORDINATOR_NOT_AVAILABLE and keeps the old offset', async () => {
    const time = new ManualTime();
    const { coordinator: c, store } = makeCoordinator(time);
    await c.offsetCommit(commitBody('g', -1, '', [['t', 0, 1]]), 5);
    store.failWith = new Error('disk full');
    const res = await c.offsetCommit(commitBody('g', -1, '', [['t', 0, 2]]), 5);
    expect(res.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    store.failWith = null;
    expect(fetched(await c.offsetFetch({ groupId: 'g', topics: null }, 4))).toEqual(['t/0=1']);
  });
});
