/**
 * Kafka's classic group protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) with opaque per-member
 * metadata and assignment bytes — what distributed workers need (protocol type `connect`) and what
 * kafkajs's consumer cannot do (it decodes assignments as topic-partitions). We drive kafkajs's internal
 * Cluster/Broker objects, built with the same options as `new Kafka(...)`, so SASL and TLS settings apply.
 *
 * These are internal paths of kafkajs 2.2.4 (pinned); this file is the only user, covered by integration
 * tests, so a client swap is this one module's work. The JoinGroup MEMBER_ID_REQUIRED round trip is done
 * by kafkajs's Broker.joinGroup.
 */
import { createRequire } from 'node:module';
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../api/logger.js';
import { kafkaJsConfig, type ClientProps } from './kafka-client-config.js';
import { kafkaJsLevel, kafkaJsLogCreator } from './kafkajs-logger.js';

const require = createRequire(import.meta.url);

interface KjsBroker {
  joinGroup(req: { groupId: string; sessionTimeout: number; rebalanceTimeout: number; memberId: string; protocolType: string; groupProtocols: Array<{ name: string; metadata: Buffer }> }): Promise<{
    generationId: number;
    groupProtocol: string;
    leaderId: string;
    memberId: string;
    members: Array<{ memberId: string; memberMetadata: Buffer }>;
  }>;
  syncGroup(req: { groupId: string; generationId: number; memberId: string; groupAssignment: Array<{ memberId: string; memberAssignment: Buffer }> }): Promise<{ memberAssignment: Buffer }>;
  heartbeat(req: { groupId: string; groupGenerationId: number; memberId: string }): Promise<unknown>;
  leaveGroup(req: { groupId: string; memberId: string }): Promise<unknown>;
}

interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(req: { groupId: string }): Promise<KjsBroker>;
}

export interface GroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinResult {
  readonly generationId: number;
  readonly memberId: string;
  readonly leaderId: string;
  /** The sub-protocol the coordinator chose (one all members offered). */
  readonly protocol: string;
  /** Every member's metadata — filled for the leader only. */
  readonly members: ReadonlyArray<{ readonly memberId: string; readonly metadata: Buffer }>;
}

/** A group protocol error, by Kafka's error name (REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, NOT_COORDINATOR, …). */
export class GroupProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GroupProtocolError';
  }
}

export interface GroupMembershipOptions {
  readonly groupId: string;
  /** e.g. 'connect' */
  readonly protocolType: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
}

export class GroupMembership {
  readonly #opts: GroupMembershipOptions;
  readonly #cluster: KjsCluster;
  #coordinator?: KjsBroker;
  #memberId = '';
  #generationId = -1;
  #connected?: Promise<void>;
  #closed?: Promise<void>;

  constructor(props: ClientProps, opts: GroupMembershipOptions, log: Logger) {
    this.#opts = opts;
    const config = kafkaJsConfig(props, props['client.id'] ?? `tributary-${opts.groupId}`);
    const Cluster = require('kafkajs/src/cluster/index.js') as new (o: object) => KjsCluster;
    const { createLogger } = require('kafkajs/src/loggers/index.js') as { createLogger(o: object): unknown };
    const socketFactory = require('kafkajs/src/network/socketFactory.js') as () => unknown;
    this.#cluster = new Cluster({
      ...config,
      connectionTimeout: config.connectionTimeout ?? 3000,
      socketFactory: socketFactory(),
      logger: createLogger({ level: kafkaJsLevel(log), logCreator: quietRebalances(kafkaJsLogCreator(log)) }),
      offsets: new Map(),
    });
  }

  get memberId(): string {
    return this.#memberId;
  }

  get generationId(): number {
    return this.#generationId;
  }

  connect(): Promise<void> {
    return (this.#connected ??= this.#cluster.connect());
  }

  /** Joins (or rejoins) the group; resolves when the coordinator completed the join phase. */
  async join(protocols: readonly GroupProtocol[]): Promise<JoinResult> {
    const res = await this.#call(async (b) =>
      b.joinGroup({
        groupId: this.#opts.groupId,
        sessionTimeout: this.#opts.sessionTimeoutMs,
        rebalanceTimeout: this.#opts.rebalanceTimeoutMs,
        memberId: this.#memberId,
        protocolType: this.#opts.protocolType,
        groupProtocols: protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      }),
    );
    this.#memberId = res.memberId;
    this.#generationId = res.generationId;
    return {
      generationId: res.generationId,
      memberId: res.memberId,
      leaderId: res.leaderId,
      protocol: res.groupProtocol,
      members: (res.members ?? []).map((m) => ({ memberId: m.memberId, metadata: m.memberMetadata })),
    };
  }

  /** Sends the leader's assignments (empty for followers) and returns this member's assignment bytes. */
  async sync(assignments: ReadonlyMap<string, Buffer>): Promise<Buffer> {
    const res = await this.#call((b) =>
      b.syncGroup({
        groupId: this.#opts.groupId,
        generationId: this.#generationId,
        memberId: this.#memberId,
        groupAssignment: [...assignments].map(([memberId, memberAssignment]) => ({ memberId, memberAssignment })),
      }),
    );
    return res.memberAssignment ?? Buffer.alloc(0);
  }

  /** Rejects with a GroupProtocolError (REBALANCE_IN_PROGRESS, …) when this member must rejoin. */
  async heartbeat(): Promise<void> {
    await this.#call((b) => b.heartbeat({ groupId: this.#opts.groupId, groupGenerationId: this.#generationId, memberId: this.#memberId }));
  }

  /** Forgets the member id (after UNKNOWN_MEMBER_ID): the next join starts as a new member. */
  resetMemberId(): void {
    this.#memberId = '';
    this.#generationId = -1;
  }

  /** Leaves the group so the others rebalance at once instead of after the session timeout. */
  async leave(): Promise<void> {
    if (this.#memberId === '') return;
    const memberId = this.#memberId;
    this.resetMemberId();
    await this.#call((b) => b.leaveGroup({ groupId: this.#opts.groupId, memberId }));
  }

  /** Idempotent. */
  close(): Promise<void> {
    return (this.#closed ??= this.#connected ? this.#connected.then(() => this.#cluster.disconnect(), () => undefined) : Promise.resolve());
  }

  async #call<T>(fn: (b: KjsBroker) => Promise<T>): Promise<T> {
    await this.connect();
    try {
      this.#coordinator ??= await this.#cluster.findGroupCoordinator({ groupId: this.#opts.groupId });
      return await fn(this.#coordinator);
    } catch (err) {
      const type = (err as { type?: string }).type;
      const name = (err as { name?: string }).name ?? '';
      // a moved coordinator or a broken connection: look the coordinator up again next time
      if (type === 'NOT_COORDINATOR' || type === 'COORDINATOR_NOT_AVAILABLE' || /Connection/.test(name)) this.#coordinator = undefined;
      throw new GroupProtocolError(type ?? name ?? 'UNKNOWN', `group ${this.#opts.groupId}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** kafkajs logs every error response at ERROR; "rebalance in progress" and friends are the protocol working. */
function quietRebalances(inner: logCreator): logCreator {
  return (level) => {
    const write = inner(level);
    return (entry) => {
      const error = String((entry.log as { error?: unknown }).error ?? '');
      if (entry.level === logLevel.ERROR && /rebalanc|member id|generation/i.test(error)) write({ ...entry, level: logLevel.DEBUG });
      else write(entry);
    };
  };
}
