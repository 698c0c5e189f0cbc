import { describe, expect, it } from 'vitest';
import { decodeAssignment, encodeSubscription } from '../../../../src/cluster/distributed/connect-protocol.js';
import { leaderAssignment } from '../../../../src/cluster/distributed/leader-assignment.js';

const sub = (url: string, assigned: Map<string, number[]> | null) =>
  encodeSubscription({ url, configOffset: 3, allocation: assigned === null ? null : { error: 0, leader: '', leaderUrl: '', configOffset: 3, assigned, revoked: new Map(), delayMs: 0 } });

describe('leaderAssignment', () => {
  it('decodes subscriptions, assigns increments and encodes them with the leader URL and config offset', () => {
    const { assignments, state } = leaderAssignment({
      leaderId: 'm1',
      members: [
        { memberId: 'm1', metadata: sub('http://w1:8083/', new Map([['c', [-1, 0, 1]]])) },
        { memberId: 'm2', metadata: sub('http://w2:8083/', null) },
      ],
      snapshot: { offset: 9, connectors: new Map([['c', {}]]), tasks: new Map([['c', [{}, {}]]]) },
      maxDelayMs: 0,
      previous: undefined,
      now: 0,
    });
    const a1 = decodeAssignment(assignments.get('m1')!);
    const a2 = decodeAssignment(assignments.get('m2')!);
    expect(a1).toMatchObject({ leader: 'm1', leaderUrl: 'http://w1:8083/', configOffset: 9, assigned: new Map(), revoked: new Map([['c', [1]]]) });
    expect(a2).toMatchObject({ leaderUrl: 'http://w1:8083/', assigned: new Map(), revoked: new Map() }); // task 1 moves next round
    expect(state.assignment.get('m1')).toEqual([{ connector: 'c', task: -1 }, { connector: 'c', task: 0 }]);
  });
});
