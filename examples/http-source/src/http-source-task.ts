/**
 * Polls `http.url` and turns each object of the JSON array it answers into one schemaless record. The
 * source partition is `{ url }` and the offset `{ cursor }` (the object's `cursor.field`), so a restarted
 * task asks for `?since=<cursor>` and resumes after the last object Kafka acknowledged.
 */
import {
  ConnectError, DataError, RetriableError, SourceTask,
  type ConnectorProps, type OffsetValue, type SourcePartition, type SourceRecord, sourceRecord,
} from 'tributary';
import { HTTP_SOURCE_VERSION, httpSourceConfig, type HttpSourceConfig } from './http-source-config.js';

export class HttpSourceTask extends SourceTask {
  #config!: HttpSourceConfig;
  #partition!: SourcePartition;
  #cursor: OffsetValue = null;
  #lastEmpty = 0;
  readonly #stop = new AbortController();

  version(): string {
    return HTTP_SOURCE_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    this.#config = httpSourceConfig.parse(props);
    this.#partition = { url: this.#config['http.url'] };
    // Resume: the offset committed for this URL (null on the very first run).
    const committed = await this.context.offsetStorageReader.offset(this.#partition);
    this.#cursor = committed?.cursor ?? null;
    this.context.log.info({ cursor: this.#cursor }, 'http source starting');
  }

  async poll(): Promise<SourceRecord[] | null> {
    // After an empty answer, wait out the interval, but wake at once on stop().
    const wait = this.#lastEmpty + this.#config['poll.interval.ms'] - Date.now();
    if (wait > 0 && !(await sleep(wait, this.#stop.signal))) return null;
    if (this.#stop.signal.aborted) return null;

    const items = await this.#fetch();
    if (items.length === 0) {
      this.#lastEmpty = Date.now();
      return null;
    }
    const field = this.#config['cursor.field'];
    const records: SourceRecord[] = [];
    for (const item of items) {
      const cursor = item[field];
      if (typeof cursor !== 'string' && typeof cursor !== 'number') {
        throw new DataError(`http source: an object has no string or number '${field}' (cursor.field)`);
      }
      this.#cursor = cursor;
      records.push(sourceRecord({
        topic: this.#config.topic,
        key: String(cursor),
        value: item,
        sourcePartition: this.#partition,
        sourceOffset: { cursor },
      }));
    }
    return records;
  }

  async #fetch(): Promise<Array<Record<string, unknown>>> {
    const url = new URL(this.#config['http.url']);
    if (this.#cursor !== null) url.searchParams.set(this.#config['cursor.param'], String(this.#cursor));
    let res: Response;
    try {
      res = await fetch(url, {
        signal: AbortSignal.any([this.#stop.signal, AbortSignal.timeout(this.#config['request.timeout.ms'])]),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      if (this.#stop.signal.aborted) return [];
      // Connection refused, reset, timeout: worth retrying (the runtime backs off per errors.retry.*).
      throw new RetriableError(`http source: GET ${url.origin}${url.pathname} failed: ${(err as Error).message}`, { cause: err });
    }
    if (res.status >= 500 || res.status === 429) {
      throw new RetriableError(`http source: GET ${url.pathname} answered ${res.status}; will retry`);
    }
    if (!res.ok) {
      // 4xx other than 429 will not heal by retrying: fail the task with a message that says what to fix.
      throw new ConnectError(`http source: GET ${url.pathname} answered ${res.status}; check http.url and access`);
    }
    const body: unknown = await res.json().catch((err: unknown) => {
      throw new ConnectError('http source: the response is not JSON', { cause: err });
    });
    if (!Array.isArray(body)) throw new ConnectError('http source: the response must be a JSON array of objects');
    return body as Array<Record<string, unknown>>;
  }

  stop(): void {
    this.#stop.abort();
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
