/** A standalone worker on the embedded broker with its REST API on a free port, plus a tiny JSON HTTP client. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startStandaloneWorker, type RunningStandaloneWorker } from '../../../src/cli-standalone.js';
import { withBroker } from '../../support/broker.js';

export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export function withRestWorker(extraProps: Record<string, string> | (() => Record<string, string>) = {}, log: pino.Logger = pino({ level: 'silent' })) {
  const broker = withBroker();
  let worker: RunningStandaloneWorker;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rest-'));
    const extra = typeof extraProps === 'function' ? extraProps() : extraProps;
    worker = await startStandaloneWorker({
      workerProps: { 'bootstrap.servers': broker().bootstrap, 'offset.flush.interval.ms': '200', ...extra },
      restHost: '127.0.0.1',
      restPort: 0,
      defaultOffsetsFile: join(dir, 'offsets.json'),
      log,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> => {
    const res = await fetch(worker.restUrl + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
  return { broker, worker: () => worker, http };
}
