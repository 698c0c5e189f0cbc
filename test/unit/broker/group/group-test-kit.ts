// Test kit for the group coordinator: a manual clock + timer scheduler (time only moves when a
// test says so) and builders for protocol-shaped request bodies.
import { GroupCoordinator, type GroupCoordinatorOptions } from '../../../../src/broker/group/group-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../../../src/broker/group/group-messages.js';
import { MemoryOffsetStore } from '../../../../src/broker/group/offset-store.js';
import { ErrorCode } from '../../../../src/broker/protocol/error-codes.js';

interface Timer { at: number; seq: number; fn: () => void; cancelled: boolean }

export class ManualTime {
  now = 1_700_000_000_000;
  #timers: Timer[] = [];
  #seq = 0;

  readonly clock = (): number => this.now;

  readonly setTimer = (fn: () => void, delayMs: number): (() => void) => {
    const t: Timer = { at: this.now + Math.max(0, delayMs), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(t);
    return () => { t.cancelled = true; };
  };

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.now = Math.max(this.now, due.at);
      due.fn();
    }
    this.now = target;
  }

  get activeTimers(): number { return this.#timers.filter((t) => !t.cancelled).length; }
}

/** Lets pending promise chains (store appends) settle; no wall-clock waiting. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}

export function makeCoordinator(time: ManualTime, store = new MemoryOffsetStore(), extra: Partial<GroupCoordinatorOptions> = {}) {
  const coordinator = new GroupCoordinator({
    offsetStore: store,
    clock: time.clock,
    setTimer: time.setTimer,
    groupInitialRebalanceDelayMs: 0,
    minSessionTimeoutMs: 100,
    maxSessionTimeoutMs: 60_000,
    ...extra,
  });
  return { coordinator, store };
}

export function joinReq(groupId: string, over: Partial<JoinGroupRequest> & { meta?: string } = {}): JoinGroupRequest {
  const { meta, ...rest } = over;
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(meta ?? 'sub') }],
    ...rest,
  };
}

/** JoinGroup v5 as kafkajs/librdkafka do it: MEMBER_ID_REQUIRED, then rejoin with that id. */
export async function startJoin(c: GroupCoordinator, req: JoinGroupRequest, version = 5): Promise<{ memberId: string; join: Promise<JoinGroupResponse> }> {
  const first = await c.joinGroup(req, version, { clientId: 'client', clientHost: '/127.0.0.1' });
  if (first.errorCode !== ErrorCode.MEMBER_ID_REQUIRED) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  return { memberId: first.memberId, join: c.joinGroup({ ...req, memberId: first.memberId }, version, { clientId: 'client', clientHost: '/127.0.0.1' }) };
}

/** Runs a promise that must be still pending now (long-poll) — returns a probe. */
export function track<T>(p: Promise<T>): { done: () => boolean; value: () => T; promise: Promise<T> } {
  let finished = false;
  let result: T;
  p.then((v) => { finished = true; result = v; }, () => { finished = true; });
  return { done: () => finished, value: () => result, promise: p };
}
