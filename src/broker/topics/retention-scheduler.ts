import type { TopicManager } from './topic-manager.js';
import type { BrokerLogger } from '../server/broker-logger.js';

/** producer.id.expiration.ms: idle producers' sequence state is forgotten after a day, as in Kafka. */
const PRODUCER_ID_EXPIRATION_MS = 86_400_000;

/**
 * Runs retention (cleanup.policy=delete) and compaction (cleanup.policy=compact) over every partition
 * every `intervalMs` (Kafka's log.retention.check.interval.ms). The logs themselves check their policy.
 */
export class RetentionScheduler {
  readonly #topics: TopicManager;
  readonly #clock: () => number;
  readonly #logger: BrokerLogger;
  #timer: NodeJS.Timeout | null = null;
  #running = false;

  constructor(topics: TopicManager, clock: () => number, logger: BrokerLogger) {
    this.#topics = topics;
    this.#clock = clock;
    this.#logger = logger;
  }

  start(intervalMs: number): void {
    if (this.#timer || intervalMs <= 0) return;
    this.#timer = setInterval(() => this.runOnce(), intervalMs);
    this.#timer.unref();
  }

  /** One pass over all partitions; errors are logged per partition so one bad log does not stop the rest. */
  runOnce(): void {
    if (this.#running) return;
    this.#running = true;
    try {
      const now = this.#clock();
      for (const topic of this.#topics.list()) {
        for (const p of topic.partitions) {
          try {
            p.log.enforceRetention(now);
            p.log.compact(now);
            p.producers.truncateHead(p.log.logStartOffset);
            p.producers.removeExpiredProducers(now, PRODUCER_ID_EXPIRATION_MS);
          } catch (err) {
            this.#logger.error({ topic: topic.name, partition: p.index, err: String(err) }, 'log cleanup failed');
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
