import { describe, expect, it } from 'vitest';
import { assign, type AssignorResult, type AssignorState, type WorkId } from '../../../../src/cluster/distributed/assignor.js';

const w = (connector: string, task: number): WorkId => ({ connector, task });
const names = (list: readonly WorkId[]) => list.map((x) => `${x.connector}${x.task < 0 ? '' : `-${x.task}`}`);

/** Runs rounds the way workers do: apply increments, rejoin while anything was revoked. */
function settle(
  configured: Map<string, number>,
  members: Map<string, WorkId[]>,
  previous: AssignorState | undefined,
  opts: { now?: number; maxDelayMs?: number } = {},
): { members: Map<string, WorkId[]>; last: AssignorResult; rounds: number; stopped: string[] } {
  let prev = previous;
  const stopped: string[] = [];
  for (let round = 1; round <= 10; round++) {
    const last = assign({ now: opts.now ?? 0, configured, members, maxDelayMs: opts.maxDelayMs ?? 0, previous: prev });
    prev = last.state;
    let revokedAny = false;
    for (const [m, inc] of last.increments) {
      const keep = members.get(m)!.filter((x) => !inc.revoked.some((r) => r.connector === x.connector && r.task === x.task));
      if (inc.revoked.length > 0) revokedAny = true;
      stopped.push(...names(inc.revoked).map((n) => `${m}:${n}`));
      members.set(m, [...keep, ...inc.assigned]);
    }
    if (!revokedAny) return { members, last, rounds: round, stopped };
  }
  throw new Error('no stable assignment after 10 rounds');
}

const counts = (members: Map<string, WorkId[]>) =>
  [...members].map(([m, l]) => [m, l.filter((x) => x.task < 0).length, l.filter((x) => x.task >= 0).length]);

describe('incremental cooperative assignor', () => {
  it('spreads a new connector\'s tasks evenly over empty workers in one round', () => {
    const r = settle(new Map([['c', 6]]), new Map([['a', []], ['b', []], ['d', []]]), undefined);
    expect(r.rounds).toBe(1);
    expect(counts(r.members)).toEqual([['a', 1, 2], ['b', 0, 2], ['d', 0, 2]]);
    expect(r.stopped).toEqual([]);
  });

  it('is sticky: a stable cluster gets empty increments', () => {
    const members = new Map([['a', [w('c', -1), w('c', 0)]], ['b', [w('c', 1)]]]);
    const r = assign({ now: 0, configured: new Map([['c', 2]]), members, maxDelayMs: 0, previous: undefined });
    for (const inc of r.increments.values()) expect(inc).toEqual({ assigned: [], revoked: [] });
  });

  it('a joining worker gets a fair share; only the moved tasks stop', () => {
    const members = new Map<string, WorkId[]>([
      ['a', [w('c', -1), w('c', 0), w('c', 1), w('c', 2)]],
      ['b', [w('c', 3), w('c', 4), w('c', 5)]],
      ['n', []],
    ]);
    const r = settle(new Map([['c', 6]]), members, undefined);
    expect(r.rounds).toBe(2);
    expect(counts(r.members).map((x) => x[2])).toEqual([2, 2, 2]);
    expect(r.stopped).toHaveLength(2); // exactly the two tasks that moved to n
    expect(r.members.get('a')!.some((x) => x.task === -1)).toBe(true); // connector stays put
  });

  it('deleted connectors are revoked; duplicates keep one owner', () => {
    const members = new Map([['a', [w('gone', -1), w('c', -1), w('c', 0)]], ['b', [w('c', 0), w('gone', 0)]]]);
    const r = assign({ now: 0, configured: new Map([['c', 1]]), members, maxDelayMs: 0, previous: undefined });
    expect(names(r.increments.get('a')!.revoked)).toEqual(['gone']);
    expect(names(r.increments.get('b')!.revoked).sort()).toEqual(['c-0', 'gone-0']);
  });

  it('lost work waits for scheduled.rebalance.max.delay.ms, then goes to the survivors', () => {
    const configured = new Map([['c', 4]]);
    const start = settle(configured, new Map([['a', []], ['b', []]]), undefined);
    const bWork = names(start.members.get('b')!);
    // b dies: only a reports
    const r1 = assign({ now: 1000, configured, members: new Map([['a', start.members.get('a')!]]), maxDelayMs: 5000, previous: start.last.state });
    expect(r1.delayMs).toBe(5000);
    expect(r1.increments.get('a')).toEqual({ assigned: [], revoked: [] });
    expect(names(r1.state.held)).toEqual(bWork);
    // a rejoins early (some other reason): still waiting, remaining delay reported
    const r2 = assign({ now: 4000, configured, members: new Map([['a', start.members.get('a')!]]), maxDelayMs: 5000, previous: r1.state });
    expect(r2.delayMs).toBe(2000);
    expect(r2.increments.get('a')!.assigned).toEqual([]);
    // delay expired: a gets b's work
    const r3 = assign({ now: 6000, configured, members: new Map([['a', start.members.get('a')!]]), maxDelayMs: 5000, previous: r2.state });
    expect(r3.delayMs).toBe(0);
    expect(names(r3.increments.get('a')!.assigned)).toEqual(bWork);
    expect(r3.state.held).toEqual([]);
  });

  it('a worker that returns within the delay gets its work back', () => {
    const configured = new Map([['c', 2]]);
    const start = settle(configured, new Map([['a', []], ['b', []]]), undefined);
    const bWork = names(start.members.get('b')!);
    const r1 = assign({ now: 0, configured, members: new Map([['a', start.members.get('a')!]]), maxDelayMs: 5000, previous: start.last.state });
    expect(r1.delayMs).toBe(5000);
    // b restarted (new member id, empty) before the deadline; after it expires the held work goes to it
    const r2 = assign({ now: 5000, configured, members: new Map([['a', start.members.get('a')!], ['b2', []]]), maxDelayMs: 5000, previous: r1.state });
    expect(names(r2.increments.get('b2')!.assigned)).toEqual(bWork);
    expect(r2.increments.get('a')!.revoked).toEqual([]);
  });

  it('with max delay 0 lost work moves at once', () => {
    const configured = new Map([['c', 3]]);
    const start = settle(configured, new Map([['a', []], ['b', []], ['d', []]]), undefined);
    const r = assign({ now: 0, configured, members: new Map([['a', start.members.get('a')!], ['b', start.members.get('b')!]]), maxDelayMs: 0, previous: start.last.state });
    expect(r.delayMs).toBe(0);
    const moved = [...r.increments.values()].flatMap((i) => names(i.assigned));
    expect(moved.sort()).toEqual(names(start.members.get('d')!).sort());
    const after = new Map([['a', [...start.members.get('a')!, ...r.increments.get('a')!.assigned]], ['b', [...start.members.get('b')!, ...r.increments.get('b')!.assigned]]]);
    const tasks = counts(after).map((x) => x[2] as number); // connectors and tasks are balanced separately
    expect(Math.abs(tasks[0]! - tasks[1]!)).toBeLessThanOrEqual(1);
  });

  it('stays balanced across many random configurations (every item owned exactly once)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 200; i++) {
      const configured = new Map<string, number>();
      for (let c = 0, n = 1 + rnd(5); c < n; c++) configured.set(`c${c}`, rnd(8));
      const members = new Map<string, WorkId[]>();
      for (let m = 0, n = 1 + rnd(5); m < n; m++) members.set(`m${m}`, []);
      let r = settle(configured, members, undefined);
      // a member joins, another leaves (delay 0)
      members.set('zz', []);
      members.delete('m0');
      r = settle(configured, members, r.last.state);
      const all = [...r.members.values()].flat().map((x) => `${x.connector}/${x.task}`);
      const expected = [...configured].flatMap(([c, n]) => [`${c}/-1`, ...Array.from({ length: n }, (_, t) => `${c}/${t}`)]);
      expect(all.sort()).toEqual(expected.sort());
      const tasks = [...r.members.values()].map((l) => l.filter((x) => x.task >= 0).length);
      const conns = [...r.members.values()].map((l) => l.filter((x) => x.task < 0).length);
      expect(Math.max(...tasks) - Math.min(...tasks)).toBeLessThanOrEqual(1);
      expect(Math.max(...conns) - Math.min(...conns)).toBeLessThanOrEqual(1);
    }
  });
});
