import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/api/logger.js';
import { GroupMembership, type JoinResult } from '../../../src/kafka/group-membership.js';
import { WorkerGroupMember } from '../../../src/cluster/distributed/worker-group-member.js';
import { waitFor, withBroker } from '../../support/broker.js';

interface Seen {
  generation: number;
  assignment: string;
  leader: boolean;
}

/** A member whose metadata is its name; the leader assigns each member "<name>@<generation>/<members>". */
function member(bootstrap: string, group: string, name: string, sessionTimeoutMs = 6000) {
  const membership = new GroupMembership({ 'bootstrap.servers': bootstrap }, { groupId: group, protocolType: 'connect', sessionTimeoutMs, rebalanceTimeoutMs: 10_000 }, silentLogger);
  const seen: Seen[] = [];
  const gm = new WorkerGroupMember(
    membership,
    {
      protocols: () => [{ name: 'compatible', metadata: Buffer.from(name) }],
      assign: (join: JoinResult) => new Map(join.members.map((m) => [m.memberId, Buffer.from(`${m.metadata.toString()}@${join.generationId}/${join.members.length}`)])),
      onAssignment: (bytes, join) => {
        seen.push({ generation: join.generationId, assignment: bytes.toString(), leader: join.leaderId === join.memberId });
      },
    },
    200,
    silentLogger,
  );
  return { gm, membership, seen, last: () => seen.at(-1) };
}

describe('GroupMembership with protocol type connect', () => {
  const broker = withBroker();

  it('three members: one leader sees all metadata, each gets its own assignment bytes; a leaving member triggers a rebalance', async () => {
    const ms = ['w1', 'w2', 'w3'].map((n) => member(broker().bootstrap, 'connect-g1', n));
    for (const m of ms) m.gm.start();
    try {
      await waitFor(() => {
        const gens = ms.map((m) => m.last()?.generation);
        return gens.every((g) => g !== undefined && g === gens[0]) && ms.every((m) => m.last()!.assignment.endsWith('/3'));
      }, 'one generation with all three members');
      const gen = ms[0]!.last()!.generation;
      expect(ms.map((m) => m.last()!.assignment)).toEqual([`w1@${gen}/3`, `w2@${gen}/3`, `w3@${gen}/3`]);
      expect(ms.filter((m) => m.last()!.leader)).toHaveLength(1);
      expect(ms.filter((m) => m.gm.isLeader)).toHaveLength(1);

      await ms[2]!.gm.stop();
      await waitFor(() => ms.slice(0, 2).every((m) => m.last()!.assignment.endsWith('/2') && m.last()!.generation > gen), 'a generation without w3');
      expect(ms[0]!.last()!.generation).toBe(ms[1]!.last()!.generation);
    } finally {
      for (const m of ms) await m.gm.stop();
    }
  });

  it('a member that stops heartbeating (as after kill -9) is dropped after the session timeout', async () => {
    const a = member(broker().bootstrap, 'connect-g2', 'a', 1500);
    a.gm.start();
    // b is driven by hand: join + sync once, then silence (no heartbeats, no LeaveGroup)
    const b = new GroupMembership({ 'bootstrap.servers': broker().bootstrap }, { groupId: 'connect-g2', protocolType: 'connect', sessionTimeoutMs: 1500, rebalanceTimeoutMs: 10_000 }, silentLogger);
    try {
      await waitFor(() => a.last()?.assignment.endsWith('/1') === true, 'a alone first');
      const join = await b.join([{ name: 'compatible', metadata: Buffer.from('b') }]);
      expect(join.memberId).not.toBe('');
      const mine = await b.sync(new Map());
      expect(mine.toString()).toBe(`b@${join.generationId}/2`);
      await waitFor(() => a.last()!.assignment === `a@${join.generationId}/2`, 'a in the two-member generation');
      const t0 = Date.now();
      await waitFor(() => a.last()!.assignment.endsWith('/1') && a.last()!.generation > join.generationId, 'a alone after b\'s session timeout', 15_000);
      expect(Date.now() - t0).toBeGreaterThan(1000);
    } finally {
      await a.gm.stop();
      await b.close();
    }
  });
});
