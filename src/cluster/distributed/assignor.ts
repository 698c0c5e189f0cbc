/**
 * Incremental cooperative assignment (KIP-415 behaviour), as a pure function the group leader runs each
 * round. Work items are connectors (task -1) and tasks. Each member reports what it runs now; the leader
 * answers each member with *increments*: what to start and what to stop (revoke). Rules:
 *
 * - Sticky: work stays where it runs; only deleted, duplicated or load-balancing work is revoked.
 * - Deleted work (no longer configured) is revoked from whoever runs it. Duplicates keep one owner.
 * - Lost work (the leader assigned it, no member reports it: its worker left) waits
 *   `scheduled.rebalance.max.delay.ms` for the worker to come back, then goes to the least-loaded members.
 *   A delay of 0 reassigns at once; so does a round in which no previous member is missing.
 * - Balance: while no delay is pending, members above their fair share (connectors and tasks counted
 *   separately) give the excess back; it is assigned in the next round, after they stopped it.
 * - New and unowned work goes to the least-loaded members (ties: member id order).
 *
 * Not implemented: the consecutive-revocation backoff (KAFKA-12495) — see docs/distributed.md.
 */

export interface WorkId {
  readonly connector: string;
  /** -1 = the connector instance */
  readonly task: number;
}

export interface AssignorInput {
  readonly now: number;
  /** Configured connectors and their committed task counts. */
  readonly configured: ReadonlyMap<string, number>;
  /** memberId → what the member runs now (its reported allocation). */
  readonly members: ReadonlyMap<string, readonly WorkId[]>;
  readonly maxDelayMs: number;
  /** The leader's memory of the previous round (undefined for a new leader). */
  readonly previous: AssignorState | undefined;
}

export interface AssignorState {
  /** memberId → the full set of work the member holds after the round. */
  readonly assignment: ReadonlyMap<string, readonly WorkId[]>;
  /** Lost work held back while the delay runs. */
  readonly held: readonly WorkId[];
  /** When held work is released (null = no delay running). */
  readonly deadline: number | null;
}

export interface MemberIncrement {
  readonly assigned: readonly WorkId[];
  readonly revoked: readonly WorkId[];
}

export interface AssignorResult {
  readonly increments: ReadonlyMap<string, MemberIncrement>;
  /** Rejoin after this many ms (a delay for lost work is running); 0 = none. */
  readonly delayMs: number;
  readonly state: AssignorState;
}

const keyOf = (w: WorkId): string => `${w.connector}\u0000${w.task}`;
const byWork = (a: WorkId, b: WorkId): number => (a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : a.task - b.task);

export function assign(input: AssignorInput): AssignorResult {
  const memberIds = [...input.members.keys()].sort();
  const configured = new Map<string, WorkId>();
  for (const [connector, tasks] of [...input.configured].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    configured.set(keyOf({ connector, task: -1 }), { connector, task: -1 });
    for (let t = 0; t < tasks; t++) configured.set(keyOf({ connector, task: t }), { connector, task: t });
  }

  // What each member keeps; revoke deleted and duplicated work.
  const keep = new Map<string, Map<string, WorkId>>();
  const revoked = new Map<string, WorkId[]>();
  const owner = new Map<string, string>();
  for (const m of memberIds) {
    const mine = new Map<string, WorkId>();
    const rev: WorkId[] = [];
    for (const w of input.members.get(m)!) {
      const k = keyOf(w);
      if (!configured.has(k) || owner.has(k)) rev.push(w);
      else {
        owner.set(k, m);
        mine.set(k, w);
      }
    }
    keep.set(m, mine);
    revoked.set(m, rev);
  }

  // Lost work: assigned before (or already held back), now reported by nobody.
  const prev = input.previous;
  const lost = new Map<string, WorkId>();
  if (prev) {
    for (const list of prev.assignment.values()) for (const w of list) lost.set(keyOf(w), w);
    for (const w of prev.held) lost.set(keyOf(w), w);
    for (const k of [...lost.keys()]) if (owner.has(k) || !configured.has(k)) lost.delete(k);
  }
  const departed = prev ? [...prev.assignment.keys()].some((m) => !input.members.has(m)) : false;
  let deadline: number | null = null;
  let held: WorkId[] = [];
  if (lost.size > 0 && input.maxDelayMs > 0 && (departed || (prev?.deadline ?? null) !== null)) {
    deadline = prev?.deadline ?? input.now + input.maxDelayMs;
    if (input.now < deadline) held = [...lost.values()];
    else deadline = null; // expired: lost work is assigned below like new work
  }
  const heldKeys = new Set(held.map(keyOf));

  // Balance (only when no delay is pending): revoke above-fair-share work; it moves next round.
  if (deadline === null && memberIds.length > 0) {
    for (const isConnector of [true, false]) {
      const total = [...configured.values()].filter((w) => (w.task === -1) === isConnector).length;
      const floor = Math.floor(total / memberIds.length);
      let extra = total % memberIds.length;
      const loads = memberIds
        .map((m) => ({ m, items: [...keep.get(m)!.values()].filter((w) => (w.task === -1) === isConnector).sort(byWork) }))
        .sort((a, b) => b.items.length - a.items.length || (a.m < b.m ? -1 : 1));
      for (const { m, items } of loads) {
        const target = floor + (extra > 0 ? 1 : 0);
        if (extra > 0 && items.length >= target) extra--;
        for (const w of items.slice(target)) {
          keep.get(m)!.delete(keyOf(w));
          owner.delete(keyOf(w));
          revoked.get(m)!.push(w);
        }
      }
    }
  }

  // Assign unowned work (not held, not just revoked) to the least-loaded members.
  const justRevoked = new Set<string>();
  for (const list of revoked.values()) for (const w of list) justRevoked.add(keyOf(w));
  const assigned = new Map<string, WorkId[]>(memberIds.map((m) => [m, []]));
  if (memberIds.length > 0) {
    for (const isConnector of [true, false]) {
      const load = new Map(memberIds.map((m) => [m, [...keep.get(m)!.values()].filter((w) => (w.task === -1) === isConnector).length]));
      for (const [k, w] of configured) {
        if ((w.task === -1) !== isConnector || owner.has(k) || heldKeys.has(k) || justRevoked.has(k)) continue;
        let best = memberIds[0]!;
        for (const m of memberIds) if (load.get(m)! < load.get(best)!) best = m;
        load.set(best, load.get(best)! + 1);
        owner.set(k, best);
        keep.get(best)!.set(k, w);
        assigned.get(best)!.push(w);
      }
    }
  }

  const increments = new Map<string, MemberIncrement>();
  for (const m of memberIds) increments.set(m, { assigned: assigned.get(m)!, revoked: revoked.get(m)!.sort(byWork) });
  return {
    increments,
    delayMs: deadline === null ? 0 : Math.max(0, deadline - input.now),
    state: { assignment: new Map(memberIds.map((m) => [m, [...keep.get(m)!.values()].sort(byWork)])), held, deadline },
  };
}
