/**
 * Keeps one worker in the Connect group: join → (leader: compute assignments) → sync → hand the assignment
 * to the herder → heartbeat every `heartbeat.interval.ms` until the coordinator says rebalance (or the herder
 * asks to rejoin) → join again. Errors that mean "rejoin" (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION,
 * UNKNOWN_MEMBER_ID) rejoin at once; anything else (broker unreachable) retries after a short backoff.
 * The bytes are opaque here; the herder encodes them with connect-protocol.ts.
 */
import type { Logger } from '../../api/logger.js';
import { GroupProtocolError, type GroupMembership, type GroupProtocol, type JoinResult } from '../../kafka/group-membership.js';

export interface GroupMemberHooks {
  /** The sub-protocols (with this worker's metadata) to offer in JoinGroup. */
  protocols(): GroupProtocol[];
  /** Leader only: every member's assignment bytes. */
  assign(join: JoinResult): Promise<Map<string, Buffer>> | Map<string, Buffer>;
  /** This worker's assignment of the generation that just completed. */
  onAssignment(assignment: Buffer, join: JoinResult): Promise<void> | void;
  /** Called when the worker is about to rejoin (its current generation is over). */
  onRejoin?(reason: string): void;
  /** Awaited before each JoinGroup (a test seam holds it to keep a rebalance open). */
  beforeJoin?(): Promise<void> | undefined;
}

export class WorkerGroupMember {
  readonly #m: GroupMembership;
  readonly #hooks: GroupMemberHooks;
  readonly #heartbeatMs: number;
  readonly #log: Logger;
  #rejoin = false;
  #stopping = false;
  #wake?: () => void;
  #loop?: Promise<void>;
  #stopped?: Promise<void>;
  #generation = -1;
  #leaderId = '';

  constructor(membership: GroupMembership, hooks: GroupMemberHooks, heartbeatIntervalMs: number, log: Logger) {
    this.#m = membership;
    this.#hooks = hooks;
    this.#heartbeatMs = heartbeatIntervalMs;
    this.#log = log;
  }

  get memberId(): string {
    return this.#m.memberId;
  }

  /** The generation of the last completed SyncGroup (-1 before). */
  get generation(): number {
    return this.#generation;
  }

  get isLeader(): boolean {
    return this.#leaderId !== '' && this.#leaderId === this.#m.memberId;
  }

  start(): void {
    if (this.#loop) throw new Error('group member already started');
    this.#loop = this.#run();
  }

  /** Ends the current generation from this side: the worker joins again (e.g. after a config change). */
  requestRejoin(): void {
    this.#rejoin = true;
    this.#wake?.();
  }

  /** Leaves the group (others rebalance at once) and closes the connection. Idempotent. */
  stop(): Promise<void> {
    return (this.#stopped ??= (async () => {
      this.#stopping = true;
      this.#wake?.();
      // Leave first: a JoinGroup in flight would otherwise block until the rebalance completes.
      await this.#m.leave().catch((err: unknown) => this.#log.warn({ err }, 'leaving the group failed'));
      await this.#loop?.catch(() => undefined);
      await this.#m.close();
    })());
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      try {
        this.#rejoin = false;
        await this.#hooks.beforeJoin?.();
        if (this.#stopping) return;
        const join = await this.#m.join(this.#hooks.protocols());
        if (this.#stopping) return;
        this.#leaderId = join.leaderId;
        const assignments = join.leaderId === join.memberId ? await this.#hooks.assign(join) : new Map<string, Buffer>();
        const mine = await this.#m.sync(assignments);
        this.#generation = join.generationId;
        await this.#hooks.onAssignment(mine, join);
        while (!this.#stopping && !this.#rejoin) {
          await this.#sleep(this.#heartbeatMs);
          if (this.#stopping || this.#rejoin) break;
          await this.#m.heartbeat();
        }
        if (this.#rejoin && !this.#stopping) this.#hooks.onRejoin?.('requested');
      } catch (err) {
        if (this.#stopping) return;
        const code = err instanceof GroupProtocolError ? err.code : '';
        if (code === 'UNKNOWN_MEMBER_ID') this.#m.resetMemberId();
        if (code === 'REBALANCE_IN_PROGRESS' || code === 'ILLEGAL_GENERATION' || code === 'UNKNOWN_MEMBER_ID') {
          this.#hooks.onRejoin?.(code);
          continue;
        }
        this.#log.warn({ err }, 'group membership failed; retrying');
        this.#hooks.onRejoin?.(code || 'error');
        await this.#sleep(Math.min(1000, this.#heartbeatMs));
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
