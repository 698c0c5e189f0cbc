/** Connector and task configs as Kafka Connect passes them: string keys to string values. */
export type ConnectorProps = Readonly<Record<string, string>>;

/** Lifecycle methods may be synchronous or return a promise; the runtime awaits either. */
export type MaybePromise<T> = T | Promise<T>;

/** A class the runtime can instantiate with `new`, as Kafka's `taskClass()` returns. */
export type TaskClass<T extends Task = Task> = new () => T;

/**
 * What source and sink tasks share. The runtime calls `start` once with the task's config (from the
 * connector's `taskConfigs`), then the kind-specific methods, then `stop` — which may arrive while a
 * `poll`/`put` is still pending, so it should make that call return soon.
 */
export abstract class Task {
  /** Set by SourceTask / SinkTask. */
  abstract readonly kind: 'source' | 'sink';
  abstract version(): string;
  abstract start(props: ConnectorProps): MaybePromise<void>;
  abstract stop(): MaybePromise<void>;
}
