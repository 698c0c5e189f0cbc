/** Shared by the distributed-mode tests: JSON over a worker's REST, and reading the datagen topics back. */
import { silentLogger } from '../../../src/api/logger.js';
import { KafkaBasedLog } from '../../../src/storage/kafka-based-log.js';

export async function http(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, base), { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Every `viewtime` of the pageviews records in `topic` (datagen writes one distinct value per record). */
export async function viewtimes(bootstrap: string, topic: string): Promise<number[]> {
  const out: number[] = [];
  const reader = new KafkaBasedLog({ topic, clientProps: { 'bootstrap.servers': bootstrap }, log: silentLogger, onRecord: (r) => {
    const v = JSON.parse(r.value ?? 'null') as { viewtime?: number; payload?: { viewtime?: number } } | null;
    const t = v?.payload?.viewtime ?? v?.viewtime;
    if (typeof t === 'number') out.push(t);
  } });
  await reader.start();
  await reader.stop();
  return out;
}
