/**
 * Generates quickstart records. Record i of task t is a pure function of (random.seed, t, i); the committed
 * offset `{current.iteration}` says how many records the task has produced, so after a restart it goes on
 * with record `current.iteration` — with a fixed seed, the topic gets the exact sequence an uninterrupted
 * run would have written (plus any records of the last uncommitted window again).
 */
import {
  abortableWait,
  ConnectError,
  EMPTY_HEADERS,
  SourceTask,
  type ConnectorProps,
  type Schema,
  type SourcePartition,
  type SourceRecord,
} from '../../src/api/index.js';
import {
  CURRENT_ITERATION_FIELD,
  DATAGEN_VERSION,
  TASK_GENERATION_FIELD,
  TASK_ID_FIELD,
  datagenConfigDef,
} from './datagen-config.js';
import { keyFieldSchema } from './key-field.js';
import { QUICKSTARTS, type Quickstart } from './quickstarts.js';
import { SeededRandom, recordSeed } from './seeded-random.js';

const DONE_WAIT_MS = 1000;

export class DatagenTask extends SourceTask {
  #topic = '';
  #quickstart!: Quickstart;
  #keyField = '';
  #keySchema!: Schema;
  #maxInterval = 0;
  #iterations = -1;
  #batchSize = 1000;
  #seed = 0;
  #taskId = 0;
  #iteration = 0;
  #partition!: SourcePartition;
  readonly #abort = new AbortController();

  version(): string {
    return DATAGEN_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const config = datagenConfigDef.parse(props);
    this.#topic = config['kafka.topic'];
    this.#quickstart = QUICKSTARTS[config.quickstart.toLowerCase()]!;
    this.#keyField = config['schema.keyfield'] ?? this.#quickstart.keyField;
    const keySchema = keyFieldSchema(this.#quickstart, this.#keyField);
    if (keySchema === undefined) {
      throw new ConnectError(`datagen: schema.keyfield '${this.#keyField}' is not a field of the ${this.#quickstart.name} quickstart`);
    }
    this.#keySchema = keySchema;
    this.#maxInterval = config['max.interval'];
    this.#iterations = config.iterations;
    this.#batchSize = config['batch.size'];
    this.#seed = config['random.seed'] === null ? Math.floor(Math.random() * 4294967296) : Number(BigInt.asUintN(32, BigInt(config['random.seed'])));
    this.#taskId = Number(props[TASK_ID_FIELD] ?? '0');
    this.#partition = { [TASK_ID_FIELD]: this.#taskId };
    const last = await this.context.offsetStorageReader.offset(this.#partition);
    const done = last?.[CURRENT_ITERATION_FIELD];
    this.#iteration = typeof done === 'number' && done >= 0 ? done : 0;
    if (this.#iteration > 0) this.context.log.info({ iteration: this.#iteration }, 'datagen resuming');
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#abort.signal.aborted) return null;
    const remaining = this.#iterations < 1 ? Infinity : this.#iterations - this.#iteration;
    if (remaining <= 0) {
      await abortableWait(DONE_WAIT_MS, this.#abort.signal);
      return null;
    }
    if (this.#maxInterval > 0) {
      await abortableWait(Math.floor(Math.random() * (this.#maxInterval + 1)), this.#abort.signal);
      if (this.#abort.signal.aborted) return null;
      return [this.#record(this.#iteration++)];
    }
    const n = Math.min(this.#batchSize, remaining);
    const out = new Array<SourceRecord>(n);
    for (let i = 0; i < n; i++) out[i] = this.#record(this.#iteration++);
    return out;
  }

  #record(iteration: number): SourceRecord {
    const rng = new SeededRandom(recordSeed(this.#seed, this.#taskId, iteration));
    const value = this.#quickstart.generate(rng, iteration);
    return {
      topic: this.#topic, kafkaPartition: null,
      keySchema: this.#keySchema, key: value[this.#keyField] ?? null,
      valueSchema: this.#quickstart.valueSchema, value,
      timestamp: null, headers: EMPTY_HEADERS,
      sourcePartition: this.#partition,
      sourceOffset: { [TASK_GENERATION_FIELD]: 0, [TASK_ID_FIELD]: this.#taskId, [CURRENT_ITERATION_FIELD]: iteration + 1 },
    };
  }

  stop(): void {
    this.#abort.abort();
  }
}
