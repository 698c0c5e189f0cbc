import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';
import type { GroupCoordinator } from '../../../../src/broker/group/group-coordinator.js';
import { ManualTime, joinReq, makeCoordinator, settle, startJoin, track } from './group-test-kit.js';

async function twoMemberStableGroup(c: GroupCoordinator, time: ManualTime) {
  const a = await startJoin(c, joinReq('g', { meta: 'a' }));
  const b = await startJoin(c, joinReq('g', { meta: 'b' }));
  time.advance(20); // initial delay (10 ms), extended once
  await Promise.all([a.join, b.join]);
  const sb = c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3);
  await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [
    { memberId: a.memberId, assignment: Buffer.from('A') }, { memberId: b.memberId, assignment: Buffer.from('B') }] }, 3);
  await sb;
  return { a: a.memberId, b: b.memberId };
}

describe('GroupCoordinator rebalance edge cases', { timeout: 5000 }, () => {
  it('a follower rejoining a Stable group with unchanged metadata gets the current generation', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const { a, b } = await twoMemberStableGroup(c, time);
    const again = await c.joinGroup(joinReq('g', { memberId: b, meta: 'b' }), 5);
    expect(again).toMatchObject({ errorCode: 0, generationId: 1, leader: a, members: [] });
    expect((await c.describeGroups({ groups: ['g'] }, 0)).groups[0]!.groupState).toBe('Stable');
    // changed metadata (e.g. a new subscription) starts a rebalance
    const changed = track(c.joinGroup(joinReq('g', { memberId: b, meta: 'b2' }), 5));
    await settle();
    expect(changed.done()).toBe(false);
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const leaderJoin = await c.joinGroup(joinReq('g', { memberId: a, meta: 'a' }), 5);
    expect(leaderJoin.generationId).toBe(2);
    expect(leaderJoin.members.find((m) => m.memberId === b)!.metadata.toString()).toBe('b2');
    expect((await changed.promise).generationId).toBe(2);
  });

  it('the leader rejoining a Stable group always triggers a rebalance', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const { a, b } = await twoMemberStableGroup(c, time);
    const leader = track(c.joinGroup(joinReq('g', { memberId: a, meta: 'a' }), 5));
    await settle();
    expect(leader.done()).toBe(false);
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: b }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await c.joinGroup(joinReq('g', { memberId: b, meta: 'b' }), 5);
    expect((await leader.promise).generationId).toBe(2);
    // heartbeats between JoinGroup and SyncGroup (CompletingRebalance) are fine
    expect((await c.heartbeat({ groupId: 'g', generationId: 2, memberId: b }, 3)).errorCode).toBe(ErrorCode.NONE);
  });

  it('a member leaving during CompletingRebalance fails the pending syncs with REBALANCE_IN_PROGRESS', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const a = await startJoin(c, joinReq('g'));
    const b = await startJoin(c, joinReq('g'));
    time.advance(20);
    await Promise.all([a.join, b.join]);
    const sync = track(c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3));
    await c.leaveGroup({ groupId: 'g', members: [{ memberId: a.memberId, groupInstanceId: null }] }, 3);
    expect((await sync.promise).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoin = await c.joinGroup(joinReq('g', { memberId: b.memberId }), 5);
    expect(rejoin).toMatchObject({ generationId: 2, leader: b.memberId });
  });

  it('a static leader that does not rejoin hands leadership to a member that did', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const ja = track(c.joinGroup(joinReq('g', { groupInstanceId: 'static-a', rebalanceTimeoutMs: 1000, sessionTimeoutMs: 5000 }), 5));
    time.advance(10);
    const a = await ja.promise;
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    const b = await startJoin(c, joinReq('g', { rebalanceTimeoutMs: 1000, sessionTimeoutMs: 5000 }));
    const bJoin = track(b.join);
    time.advance(1000); // rebalance timeout: a (static) did not rejoin but stays a member
    const bj = await bJoin.promise;
    expect(bj.leader).toBe(b.memberId);
    expect(bj.members.map((m) => m.memberId).sort()).toEqual([a.memberId, b.memberId].sort());
  });

  it('LeaveGroup v3 by group instance id; FENCED_INSTANCE_ID for a stale member id', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const a = await c.joinGroup(joinReq('g', { groupInstanceId: 'inst' }), 5);
    const fenced = await c.leaveGroup({ groupId: 'g', members: [{ memberId: 'old-id', groupInstanceId: 'inst' }] }, 3);
    expect(fenced.members[0]!.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const ok = await c.leaveGroup({ groupId: 'g', members: [{ memberId: '', groupInstanceId: 'inst' }, { memberId: 'x', groupInstanceId: null }] }, 3);
    expect(ok.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect((await c.heartbeat({ groupId: 'g', generationId: a.generationId, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('deleting a topic removes its committed offsets (and offsets-only groups left empty)', async () => {
    const time = new ManualTime();
    const { coordinator: c, store } = makeCoordinator(time);
    const commit = (groupId: string, topic: string) => c.offsetCommit({ groupId, generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: null }] }] }, 5);
    await commit('g1', 'gone');
    await commit('g2', 'gone');
    await commit('g2', 'kept');
    const before = store.records.length;
    await c.deleteTopicOffsets(['gone']);
    expect(store.records.length).toBeGreaterThan(before);
    expect((await c.listGroups({}, 0)).groups.map((g) => g.groupId)).toEqual(['g2']);
    const all = await c.offsetFetch({ groupId: 'g2', topics: null }, 4);
    expect(all.topics.map((t) => t.name)).toEqual(['kept']);
  });
});
