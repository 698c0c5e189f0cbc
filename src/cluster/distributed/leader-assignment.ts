/**
 * The leader's half of a rebalance, as a pure function of the JoinGroup answer: decode every member's
 * subscription (what it runs now, its REST URL), run the assignor over the configured connectors and their
 * committed task counts, and encode each member's increment in Kafka Connect's assignment layout.
 */
import type { ConfigSnapshot } from '../../storage/config-store.js';
import { assign, type AssignorState, type WorkId } from './assignor.js';
import { ASSIGNMENT_NO_ERROR, decodeSubscription, encodeAssignment, type Allocation } from './connect-protocol.js';

export interface LeaderAssignmentInput {
  readonly leaderId: string;
  readonly members: ReadonlyArray<{ readonly memberId: string; readonly metadata: Buffer }>;
  readonly snapshot: Pick<ConfigSnapshot, 'offset' | 'connectors' | 'tasks'>;
  readonly maxDelayMs: number;
  readonly previous: AssignorState | undefined;
  readonly now: number;
  /** Assignment version: 1 (compatible) or 2 (sessioned), per the protocol the coordinator chose. */
  readonly version?: number;
}

export function leaderAssignment(input: LeaderAssignmentInput): { assignments: Map<string, Buffer>; state: AssignorState } {
  const configured = new Map<string, number>();
  for (const name of input.snapshot.connectors.keys()) configured.set(name, input.snapshot.tasks.get(name)?.length ?? 0);
  const members = new Map<string, WorkId[]>();
  let leaderUrl = '';
  for (const m of input.members) {
    const sub = decodeSubscription(m.metadata);
    if (m.memberId === input.leaderId) leaderUrl = sub.url;
    members.set(m.memberId, sub.allocation === null ? [] : toWork(sub.allocation.assigned));
  }
  const result = assign({ now: input.now, configured, members, maxDelayMs: input.maxDelayMs, previous: input.previous });
  const assignments = new Map<string, Buffer>();
  for (const [memberId, inc] of result.increments) {
    assignments.set(memberId, encodeAssignment({
      error: ASSIGNMENT_NO_ERROR, leader: input.leaderId, leaderUrl, configOffset: input.snapshot.offset,
      assigned: toAllocation(inc.assigned), revoked: toAllocation(inc.revoked), delayMs: result.delayMs,
    }, input.version));
  }
  return { assignments, state: result.state };
}

export function toWork(a: Allocation): WorkId[] {
  const out: WorkId[] = [];
  for (const [connector, tasks] of a) for (const task of tasks) out.push({ connector, task });
  return out;
}

export function toAllocation(list: readonly WorkId[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const w of list) out.set(w.connector, [...(out.get(w.connector) ?? []), w.task]);
  return out;
}
