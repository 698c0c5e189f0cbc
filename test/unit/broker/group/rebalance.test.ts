import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';
import { ManualTime, joinReq, makeCoordinator, settle, startJoin, track } from './group-test-kit.js';
import type { GroupCoordinator } from '../../../../src/broker/group/group-coordinator.js';

async function stateOf(c: GroupCoordinator, groupId: string): Promise<string> {
  return (await c.describeGroups({ groups: [groupId] }, 0)).groups[0]!.groupState;
}

describe('GroupCoordinator join/sync', { timeout: 5000 }, () => {
  it('single member joins, is leader, syncs its own assignment (connect protocol type)', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const req = joinReq('g1', { protocolType: 'connect', protocols: [{ name: 'sessioned', metadata: Buffer.from('w1') }] });
    const { memberId, join } = await startJoin(c, req);
    const j = await join;
    expect(j.errorCode).toBe(ErrorCode.NONE);
    expect(j.generationId).toBe(1);
    expect(j.leader).toBe(memberId);
    expect(j.memberId).toBe(memberId);
    expect(j.protocolName).toBe('sessioned');
    expect(j.members).toEqual([{ memberId, groupInstanceId: null, metadata: Buffer.from('w1') }]);
    expect(await stateOf(c, 'g1')).toBe('CompletingRebalance');

    const s = await c.syncGroup({ groupId: 'g1', generationId: 1, memberId, assignments: [{ memberId, assignment: Buffer.from('A1') }] }, 3);
    expect(s.errorCode).toBe(ErrorCode.NONE);
    expect(s.assignment).toEqual(Buffer.from('A1'));
    expect(await stateOf(c, 'g1')).toBe('Stable');
    expect((await c.heartbeat({ groupId: 'g1', generationId: 1, memberId }, 3)).errorCode).toBe(ErrorCode.NONE);
  });

  it('three members: leader sees all metadata, followers none; each gets its own assignment', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 3000 });
    const a = await startJoin(c, joinReq('g', { meta: 'a' }));
    const b = await startJoin(c, joinReq('g', { meta: 'b' }));
    const cc = await startJoin(c, joinReq('g', { meta: 'c' }));
    const probes = [a, b, cc].map((m) => track(m.join));
    await settle();
    expect(probes.some((p) => p.done())).toBe(false); // initial rebalance delay holds the barrier
    time.advance(3000); // new members arrived during the delay: one more delay
    await settle();
    expect(probes.some((p) => p.done())).toBe(false);
    time.advance(3000);
    const joins = await Promise.all(probes.map((p) => p.promise));
    const leader = joins[0]!.leader;
    expect(leader).toBe(a.memberId);
    for (const j of joins) {
      expect(j.errorCode).toBe(ErrorCode.NONE);
      expect(j.generationId).toBe(1);
      expect(j.leader).toBe(leader);
      if (j.memberId === leader) {
        expect(j.members.map((m) => [m.memberId, m.metadata.toString()]).sort()).toEqual(
          [[a.memberId, 'a'], [b.memberId, 'b'], [cc.memberId, 'c']].sort());
      } else {
        expect(j.members).toEqual([]);
      }
    }
    // Followers sync first and wait for the leader's assignment.
    const fb = track(c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3));
    const fc = track(c.syncGroup({ groupId: 'g', generationId: 1, memberId: cc.memberId, assignments: [] }, 3));
    await settle();
    expect(fb.done() || fc.done()).toBe(false);
    const assignments = [a, b, cc].map((m, i) => ({ memberId: m.memberId, assignment: Buffer.from(`part-${i}`) }));
    const la = await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments }, 3);
    expect(la.assignment.toString()).toBe('part-0');
    expect((await fb.promise).assignment.toString()).toBe('part-1');
    expect((await fc.promise).assignment.toString()).toBe('part-2');
    // A follower whose SyncGroup arrives after the leader's is answered from the stored assignment.
    const late = await c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3);
    expect(late.assignment.toString()).toBe('part-1');
  });

  it('a member leaving triggers a rebalance with generation + 1', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 100 });
    const a = await startJoin(c, joinReq('g'));
    const b = await startJoin(c, joinReq('g'));
    time.advance(200);
    await Promise.all([a.join, b.join]);
    const sb = c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3);
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    await sb;

    const leave = await c.leaveGroup({ groupId: 'g', members: [{ memberId: b.memberId, groupInstanceId: null }] }, 3);
    expect(leave.errorCode).toBe(ErrorCode.NONE);
    expect(leave.members).toEqual([{ memberId: b.memberId, groupInstanceId: null, errorCode: ErrorCode.NONE }]);
    expect(await stateOf(c, 'g')).toBe('PreparingRebalance');
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoin = await c.joinGroup(joinReq('g', { memberId: a.memberId }), 5);
    expect(rejoin.errorCode).toBe(ErrorCode.NONE);
    expect(rejoin.generationId).toBe(2);
    expect(rejoin.members.map((m) => m.memberId)).toEqual([a.memberId]);
    // v0-2 leave of an unknown member answers the top-level code.
    const gone = await c.leaveGroup({ groupId: 'g', memberId: b.memberId }, 1);
    expect(gone.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a member joining a Stable group: heartbeat answers REBALANCE_IN_PROGRESS, rejoin completes', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const a = await startJoin(c, joinReq('g', { meta: 'a' }));
    await a.join;
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [{ memberId: a.memberId, assignment: Buffer.from('all') }] }, 3);
    expect(await stateOf(c, 'g')).toBe('Stable');

    const b = await startJoin(c, joinReq('g', { meta: 'b' }));
    const bJoin = track(b.join);
    await settle();
    expect(bJoin.done()).toBe(false); // waits for a to rejoin
    expect(await stateOf(c, 'g')).toBe('PreparingRebalance');
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    // An old-generation SyncGroup is refused during the rebalance.
    expect((await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aJoin = await c.joinGroup(joinReq('g', { memberId: a.memberId, meta: 'a' }), 5);
    const bj = await bJoin.promise;
    expect(aJoin.generationId).toBe(2);
    expect(bj.generationId).toBe(2);
    expect(aJoin.leader).toBe(a.memberId);
    expect(aJoin.members).toHaveLength(2);
    expect(bj.members).toHaveLength(0);
  });

  it('members that do not rejoin within the rebalance timeout are removed', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const a = await startJoin(c, joinReq('g', { rebalanceTimeoutMs: 5000 }));
    await a.join;
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    const b = await startJoin(c, joinReq('g', { rebalanceTimeoutMs: 5000 }));
    const bJoin = track(b.join);
    time.advance(4999);
    // a keeps heartbeating (so its session does not expire) but never rejoins
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await settle();
    expect(bJoin.done()).toBe(false);
    time.advance(1);
    const bj = await bJoin.promise;
    expect(bj.generationId).toBe(2);
    expect(bj.leader).toBe(b.memberId);
    expect(bj.members.map((m) => m.memberId)).toEqual([b.memberId]);
    expect((await c.heartbeat({ groupId: 'g', generationId: 2, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('session expiry removes a member and rebalances the rest', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const a = await startJoin(c, joinReq('g', { sessionTimeoutMs: 1000 }));
    const b = await startJoin(c, joinReq('g', { sessionTimeoutMs: 1000 }));
    time.advance(20); // the initial delay, extended once because a second member arrived
    await Promise.all([a.join, b.join]);
    const sb = c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3);
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    await sb;
    for (let i = 0; i < 5; i++) { // only a heartbeats
      time.advance(600);
      expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(i === 0 ? ErrorCode.NONE : ErrorCode.REBALANCE_IN_PROGRESS);
    }
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: b.memberId }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const again = await c.joinGroup(joinReq('g', { memberId: a.memberId, sessionTimeoutMs: 1000 }), 5);
    expect(again.generationId).toBe(2);
    expect(again.members.map((m) => m.memberId)).toEqual([a.memberId]);
    // The last member's session expires too: the group ends Empty.
    await c.syncGroup({ groupId: 'g', generationId: 2, memberId: a.memberId, assignments: [] }, 3);
    time.advance(1001);
    expect(await stateOf(c, 'g')).toBe('Empty');
  });

  it('MEMBER_ID_REQUIRED on v4+, an immediate member id on v0-3', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const first = await c.joinGroup(joinReq('g4'), 4, { clientId: 'cli' });
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^cli-/);
    expect(first.generationId).toBe(-1);
    const second = await c.joinGroup(joinReq('g4', { memberId: first.memberId }), 4);
    expect(second.errorCode).toBe(ErrorCode.NONE);
    expect(second.memberId).toBe(first.memberId);

    const old = await c.joinGroup(joinReq('g2'), 2, { clientId: 'kafka-python' });
    expect(old.errorCode).toBe(ErrorCode.NONE);
    expect(old.memberId).toMatch(/^kafka-python-/);
    expect(old.generationId).toBe(1);
    expect(old.protocolName).toBe('range');
    // A pending member id that never comes back expires after the session timeout.
    const ghost = await c.joinGroup(joinReq('g5'), 5);
    time.advance(10_000);
    expect((await c.joinGroup(joinReq('g5', { memberId: ghost.memberId }), 5)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('wrong generation, unknown member, bad session timeout, inconsistent protocol', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const a = await startJoin(c, joinReq('g'));
    await a.join;
    expect((await c.syncGroup({ groupId: 'g', generationId: 7, memberId: a.memberId, assignments: [] }, 3)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.syncGroup({ groupId: 'g', generationId: 1, memberId: 'nobody', assignments: [] }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    expect((await c.heartbeat({ groupId: 'g', generationId: 0, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.heartbeat({ groupId: 'nope', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.joinGroup(joinReq('g', { sessionTimeoutMs: 99 }), 5)).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.joinGroup(joinReq('g', { sessionTimeoutMs: 60_001 }), 5)).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.joinGroup(joinReq('g', { protocolType: 'connect' }), 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await c.joinGroup(joinReq('g', { protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] }), 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await c.joinGroup(joinReq('fresh', { memberId: 'made-up' }), 5)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.joinGroup(joinReq(''), 5)).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, protocolType: 'connect', assignments: [] }, 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('selects a protocol every member supports, by the members\u2019 votes', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));
    const a = await startJoin(c, joinReq('g', { protocols: p('sticky', 'range', 'roundrobin') }));
    const b = await startJoin(c, joinReq('g', { protocols: p('roundrobin', 'range') }));
    const d = await startJoin(c, joinReq('g', { protocols: p('roundrobin', 'sticky', 'range') }));
    time.advance(20);
    const joins = await Promise.all([a.join, b.join, d.join]);
    // candidates: range + roundrobin; votes: a→range, b→roundrobin, d→roundrobin
    for (const j of joins) expect(j.protocolName).toBe('roundrobin');
    const leaderView = joins.find((j) => j.members.length > 0)!;
    expect(leaderView.members.map((m) => m.metadata.toString())).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
  });

  it('JoinGroup v7+ and SyncGroup v5 carry protocolType/protocolName; v6- never a null name', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time);
    const j7 = await c.joinGroup(joinReq('g', { memberId: '' , groupInstanceId: 'inst-1' }), 7);
    expect(j7.protocolType).toBe('consumer');
    expect(j7.protocolName).toBe('range');
    const s5 = await c.syncGroup({ groupId: 'g', generationId: 1, memberId: j7.memberId, protocolType: 'consumer', protocolName: 'range', assignments: [] }, 5);
    expect(s5).toMatchObject({ errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range' });
    const err = await c.joinGroup(joinReq('g', { memberId: 'x' }), 5);
    expect(err.protocolName).toBe('');
  });

  it('static member rejoining with unchanged metadata keeps its assignment without a rebalance', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const ja = track(c.joinGroup(joinReq('g', { groupInstanceId: 'worker-a', meta: 'a' }), 5));
    const jb = track(c.joinGroup(joinReq('g', { groupInstanceId: 'worker-b', meta: 'b' }), 5));
    time.advance(20); // the initial delay, extended once because a second member arrived
    const [a, b] = await Promise.all([ja.promise, jb.promise]);
    expect(a.errorCode).toBe(ErrorCode.NONE); // static members skip MEMBER_ID_REQUIRED
    const sb = c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, groupInstanceId: 'worker-b', assignments: [] }, 3);
    await c.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, groupInstanceId: 'worker-a', assignments: [
      { memberId: a.memberId, assignment: Buffer.from('A') }, { memberId: b.memberId, assignment: Buffer.from('B') }] }, 3);
    await sb;
    // worker-b restarts: unknown member id, same instance id, same metadata
    const b2 = await c.joinGroup(joinReq('g', { groupInstanceId: 'worker-b', meta: 'b' }), 5);
    expect(b2.errorCode).toBe(ErrorCode.NONE);
    expect(b2.memberId).not.toBe(b.memberId);
    expect(b2.generationId).toBe(1);
    expect(await stateOf(c, 'g')).toBe('Stable');
    const s = await c.syncGroup({ groupId: 'g', generationId: 1, memberId: b2.memberId, groupInstanceId: 'worker-b', assignments: [] }, 3);
    expect(s.assignment.toString()).toBe('B');
    // the old incarnation is fenced
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: b.memberId, groupInstanceId: 'worker-b' }, 3)).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId, groupInstanceId: 'worker-a' }, 3)).errorCode).toBe(ErrorCode.NONE);
  });

  it('a leader that never sends SyncGroup: followers are released when the rebalance timeout ends', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 10 });
    const a = await startJoin(c, joinReq('g', { rebalanceTimeoutMs: 2000 }));
    const b = await startJoin(c, joinReq('g', { rebalanceTimeoutMs: 2000 }));
    time.advance(20); // the initial delay, extended once because a second member arrived
    await Promise.all([a.join, b.join]);
    const sb = track(c.syncGroup({ groupId: 'g', generationId: 1, memberId: b.memberId, assignments: [] }, 3));
    time.advance(2000);
    expect((await sb.promise).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('close() answers pending long-polls and clears timers', async () => {
    const time = new ManualTime();
    const { coordinator: c } = makeCoordinator(time, undefined, { groupInitialRebalanceDelayMs: 3000 });
    const a = await startJoin(c, joinReq('g'));
    await c.close();
    expect((await a.join).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(time.activeTimers).toBe(0);
    expect((await c.joinGroup(joinReq('g'), 5)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    await c.close(); // twice is fine
  });
});
