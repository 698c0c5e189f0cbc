/**
 * The REST API over a real standalone herder and worker, against the embedded broker, over real HTTP on a
 * free port: Kafka Connect's paths, JSON shapes, status codes and `{error_code, message}` errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneWorker, type RunningStandaloneWorker } from '../../../src/cli-standalone.js';
import { waitFor, withBroker } from '../../support/broker.js';

const broker = withBroker();
let worker: RunningStandaloneWorker;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rest-api-'));
  worker = await startStandaloneWorker({
    workerProps: { 'bootstrap.servers': broker().bootstrap, 'offset.flush.interval.ms': '200' },
    restHost: '127.0.0.1',
    restPort: 0,
    defaultOffsetsFile: join(dir, 'offsets.json'),
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await worker?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function http(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(worker.restUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

const datagen = (topic = 'users') => ({
  'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
  'kafka.topic': topic, quickstart: 'users', 'max.interval': '20', 'random.seed': '1', 'tasks.max': '2',
});

async function statusOf(name: string) {
  return (await http('GET', `/connectors/${name}/status`)).body;
}

async function waitForState(name: string, state: string, tasks: number) {
  await waitFor(async () => {
    const s = await statusOf(name);
    return s?.connector?.state === state && s.tasks.length === tasks && s.tasks.every((t: { state: string }) => t.state === state);
  }, `${name} ${state} with ${tasks} tasks`);
}

describe('REST API', () => {
  it('GET / answers version, commit and the Kafka cluster id', async () => {
    const r = await http('GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ version: expect.any(String), commit: expect.any(String), kafka_cluster_id: broker().clusterId });
  });

  it('GET /health answers healthy once the worker has started', async () => {
    expect(await http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'healthy', message: expect.any(String) } });
  });

  it('GET /connector-plugins lists connectors; connectorsOnly=false adds converters and transforms', async () => {
    const r = await http('GET', '/connector-plugins');
    expect(r.status).toBe(200);
    expect(r.body).toContainEqual({ class: 'io.tributary.connect.file.FileStreamSourceConnector', type: 'source', version: '1.0.0' });
    expect(r.body.every((p: { type: string }) => p.type === 'source' || p.type === 'sink')).toBe(true);
    const all = await http('GET', '/connector-plugins?connectorsOnly=false');
    expect(all.body.map((p: { type: string }) => p.type)).toEqual(expect.arrayContaining(['converter', 'transformation']));
  });

  it('POST /connectors creates (201 + Location + ConnectorInfo), a second POST is 409', async () => {
    const r = await http('POST', '/connectors', { name: 'dg', config: datagen() });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/connectors/dg');
    expect(r.body).toEqual({
      name: 'dg',
      config: { ...datagen(), name: 'dg' },
      tasks: [{ connector: 'dg', task: 0 }, { connector: 'dg', task: 1 }],
      type: 'source',
    });
    const again = await http('POST', '/connectors', { name: 'dg', config: datagen() });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error_code: 409, message: 'Connector dg already exists' });
    await waitForState('dg', 'RUNNING', 2);
  });

  it('400 for an invalid config, with one message per bad key', async () => {
    const r = await http('POST', '/connectors', {
      name: 'bad', config: { 'connector.class': 'DatagenConnector', quickstart: 'nope', 'tasks.max': '0' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe(400);
    expect(r.body.message).toMatch(/^Connector configuration is invalid and contains the following 3 error\(s\):\n/);
    expect(r.body.message).toContain('Missing required configuration "kafka.topic" which has no default value.');
    expect(r.body.message).toMatch(/quickstart.*must be one of/);
    expect(r.body.message).toMatch(/tasks.max.*at least 1/);
    expect((await http('GET', '/connectors/bad')).status).toBe(404);
  });

  it('400 for no connector.class, an unknown class, a name mismatch, a bad initial_state and bad JSON', async () => {
    expect((await http('POST', '/connectors', { name: 'x', config: { 'kafka.topic': 't' } })).status).toBe(400);
    const unknown = await http('POST', '/connectors', { name: 'x', config: { 'connector.class': 'NoSuchConnector' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/NoSuchConnector/);
    const mismatch = await http('POST', '/connectors', { name: 'x', config: { ...datagen(), name: 'y' } });
    expect(mismatch).toMatchObject({ status: 400, body: { error_code: 400, message: expect.stringMatching(/doesn't match/) } });
    expect((await http('POST', '/connectors', { name: 'x', config: datagen(), initial_state: 'SLEEPING' })).status).toBe(400);
    const badJson = await http('POST', '/connectors', '{"name":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error_code).toBe(400);
  });

  it('GET /connectors, with expand=status and expand=info', async () => {
    expect((await http('GET', '/connectors')).body).toEqual(['dg']);
    const expanded = await http('GET', '/connectors?expand=status&expand=info');
    expect(Object.keys(expanded.body)).toEqual(['dg']);
    expect(expanded.body.dg.info.name).toBe('dg');
    expect(expanded.body.dg.status).toMatchObject({ name: 'dg', type: 'source', connector: { state: 'RUNNING' } });
    expect(Object.keys((await http('GET', '/connectors?expand=status')).body.dg)).toEqual(['status']);
  });

  it('GET status, tasks, task status and config', async () => {
    const s = await statusOf('dg');
    expect(s).toEqual({
      name: 'dg', type: 'source',
      connector: { state: 'RUNNING', worker_id: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: s.connector.worker_id },
        { id: 1, state: 'RUNNING', worker_id: s.connector.worker_id },
      ],
    });
    const tasks = await http('GET', '/connectors/dg/tasks');
    expect(tasks.body.map((t: { id: unknown }) => t.id)).toEqual([{ connector: 'dg', task: 0 }, { connector: 'dg', task: 1 }]);
    expect(tasks.body[1].config).toMatchObject({ 'kafka.topic': 'users', 'task.id': '1' });
    expect((await http('GET', '/connectors/dg/tasks/1/status')).body).toEqual({ id: 1, state: 'RUNNING', worker_id: s.connector.worker_id });
    expect((await http('GET', '/connectors/dg/tasks/7/status')).status).toBe(404);
    expect((await http('GET', '/connectors/dg/config')).body).toEqual({ ...datagen(), name: 'dg' });
  });

  it('404 with Kafka\'s error body for unknown connectors and paths', async () => {
    for (const [method, path] of [
      ['GET', '/connectors/nope'], ['GET', '/connectors/nope/status'], ['GET', '/connectors/nope/config'],
      ['GET', '/connectors/nope/tasks'], ['PUT', '/connectors/nope/pause'], ['PUT', '/connectors/nope/resume'],
      ['PUT', '/connectors/nope/stop'], ['POST', '/connectors/nope/restart'], ['DELETE', '/connectors/nope'],
      ['POST', '/connectors/nope/tasks/0/restart'], ['GET', '/connectors/nope/tasks/0/status'],
      ['GET', '/connectors/nope/offsets'], ['DELETE', '/connectors/nope/offsets'], ['GET', '/no/such/path'],
    ] as const) {
      const r = await http(method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body).toEqual({ error_code: 404, message: expect.any(String) });
    }
    expect((await http('GET', '/connectors/nope/status')).body.message).toBe('No status found for connector nope');
  });

  it('PUT /connectors/{name}/config updates (200) or creates (201); name mismatch is 400', async () => {
    const updated = await http('PUT', '/connectors/dg/config', { ...datagen(), 'tasks.max': '1' });
    expect(updated.status).toBe(200);
    expect(updated.body.tasks).toEqual([{ connector: 'dg', task: 0 }]);
    await waitForState('dg', 'RUNNING', 1);
    const created = await http('PUT', '/connectors/dg2/config', datagen('other'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/connectors/dg2');
    expect((await http('PUT', '/connectors/dg2/config', { ...datagen(), name: 'zzz' })).status).toBe(400);
    const invalid = await http('PUT', '/connectors/dg2/config', { ...datagen(), 'max.interval': '-5' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/max.interval/);
    expect((await http('DELETE', '/connectors/dg2')).status).toBe(204);
  });

  it('pause (202) → PAUSED, resume (202) → RUNNING', async () => {
    expect((await http('PUT', '/connectors/dg/pause')).status).toBe(202);
    await waitForState('dg', 'PAUSED', 1);
    expect((await http('PUT', '/connectors/dg/resume')).status).toBe(202);
    await waitForState('dg', 'RUNNING', 1);
  });

  it('stop (204) → STOPPED with no tasks; resume brings the tasks back', async () => {
    expect((await http('PUT', '/connectors/dg/stop')).status).toBe(204);
    await waitFor(async () => (await statusOf('dg')).connector.state === 'STOPPED', 'STOPPED');
    expect((await statusOf('dg')).tasks).toEqual([]);
    expect((await http('GET', '/connectors/dg/tasks')).body).toEqual([]);
    expect((await http('PUT', '/connectors/dg/resume')).status).toBe(202);
    await waitForState('dg', 'RUNNING', 1);
  });

  it('restart: plain is 204; includeTasks is 202 with the plan shown as RESTARTING', async () => {
    expect((await http('POST', '/connectors/dg/restart')).status).toBe(204);
    await waitForState('dg', 'RUNNING', 1);
    const plan = await http('POST', '/connectors/dg/restart?includeTasks=true');
    expect(plan.status).toBe(202);
    expect(plan.body.connector.state).toBe('RESTARTING');
    expect(plan.body.tasks).toEqual([{ id: 0, state: 'RESTARTING', worker_id: expect.any(String) }]);
    await waitForState('dg', 'RUNNING', 1);
    const onlyFailed = await http('POST', '/connectors/dg/restart?includeTasks=true&onlyFailed=true');
    expect(onlyFailed.status).toBe(202);
    expect(onlyFailed.body.connector.state).toBe('RUNNING');
    expect(onlyFailed.body.tasks[0].state).toBe('RUNNING');
  });

  it('task restart is 204; an unknown task is 404', async () => {
    expect((await http('POST', '/connectors/dg/tasks/0/restart')).status).toBe(204);
    await waitForState('dg', 'RUNNING', 1);
    expect((await http('POST', '/connectors/dg/tasks/3/restart')).status).toBe(404);
  });

  it('GET offsets answers the committed source offsets', async () => {
    // dg ran with two tasks before its update to one, so task 1's offsets may be there too, in any order.
    type Entry = { partition: Record<string, unknown>; offset: Record<string, unknown> };
    const task0 = async () => ((await http('GET', '/connectors/dg/offsets')).body.offsets as Entry[]).find((o) => o.partition['task.id'] === 0);
    await waitFor(async () => (await task0()) !== undefined, 'a committed offset of task 0');
    expect(await task0()).toEqual({ partition: { 'task.id': 0 }, offset: expect.objectContaining({ 'current.iteration': expect.any(Number) }) });
  });

  it('PATCH/DELETE offsets need a STOPPED connector; then alter (200) and reset (200) source offsets', async () => {
    const body = { offsets: [{ partition: { 'task.id': 0 }, offset: { 'task.generation': 0, 'task.id': 0, 'current.iteration': 5 } }] };
    const running = await http('PATCH', '/connectors/dg/offsets', body);
    expect(running.status).toBe(400);
    expect(running.body.message).toMatch(/must be in the STOPPED state/);
    expect((await http('PUT', '/connectors/dg/stop')).status).toBe(204);
    expect((await http('PATCH', '/connectors/dg/offsets', { offsets: [] })).status).toBe(400);
    const altered = await http('PATCH', '/connectors/dg/offsets', body);
    expect(altered).toMatchObject({ status: 200, body: { message: 'The offsets for this connector have been altered successfully' } });
    expect((await http('GET', '/connectors/dg/offsets')).body.offsets).toContainEqual(body.offsets[0]);
    const reset = await http('DELETE', '/connectors/dg/offsets');
    expect(reset).toMatchObject({ status: 200, body: { message: 'The offsets for this connector have been reset successfully' } });
    expect((await http('GET', '/connectors/dg/offsets')).body).toEqual({ offsets: [] });
    expect((await http('PUT', '/connectors/dg/resume')).status).toBe(202);
    await waitForState('dg', 'RUNNING', 1);
  });

  it('sink offsets are Kafka\'s {kafka_topic, kafka_partition} → {kafka_offset}, readable and alterable', async () => {
    const created = await http('POST', '/connectors', { name: 'fs', config: { 'connector.class': 'FileStreamSink', topics: 'users', file: join(dir, 'sink.txt'), 'value.converter.schemas.enable': 'false' } });
    expect(created.status).toBe(201);
    await waitFor(async () => {
      const r = await http('GET', '/connectors/fs/offsets');
      return r.body.offsets.length === 1 && r.body.offsets[0].offset.kafka_offset > 0;
    }, 'a committed sink offset');
    expect((await http('GET', '/connectors/fs/offsets')).body.offsets[0].partition).toEqual({ kafka_topic: 'users', kafka_partition: 0 });
    expect((await http('PUT', '/connectors/fs/stop')).status).toBe(204);
    const altered = await http('PATCH', '/connectors/fs/offsets', { offsets: [{ partition: { kafka_topic: 'users', kafka_partition: 0 }, offset: { kafka_offset: '3' } }] });
    expect(altered.status).toBe(200);
    expect((await http('GET', '/connectors/fs/offsets')).body).toEqual({ offsets: [{ partition: { kafka_topic: 'users', kafka_partition: 0 }, offset: { kafka_offset: 3 } }] });
    expect((await http('DELETE', '/connectors/fs')).status).toBe(204);
  });

  it('validate answers ConfigInfos (200 even when invalid); a class that does not match the URL is 400', async () => {
    const r = await http('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'batch.size': '0' });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('io.tributary.connect.file.FileStreamSourceConnector');
    expect(r.body.error_count).toBe(3); // name, topic, batch.size — as Kafka, name is required here too
    const byName = Object.fromEntries(r.body.configs.map((c: { value: { name: string } }) => [c.value.name, c]));
    expect(byName['topic'].value.errors).toEqual(['Missing required configuration "topic" which has no default value.']);
    expect(byName['topic'].definition).toMatchObject({ name: 'topic', type: 'STRING', required: true, importance: 'HIGH' });
    expect(byName['batch.size'].value.errors[0]).toMatch(/at least 1/);
    const mismatch = await http('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'FileStreamSink' });
    expect(mismatch.status).toBe(400);
    const keys = await http('GET', '/connector-plugins/FileStreamSink/config');
    expect(keys.body.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(['file', 'topics', 'errors.tolerance']));
    expect((await http('GET', '/connector-plugins/NoSuch/config')).status).toBe(404);
  });

  it('validate checks transforms, predicates, converters and the sink topics/DLQ rules', async () => {
    const r = await http('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', {
      'connector.class': 'FileStreamSink', name: 'v', topics: 'a,b', 'topics.regex': 'c.*',
      'errors.deadletterqueue.topic.name': 'a',
      transforms: 'missing,unknown,bad', 'transforms.unknown.type': 'NoSuchTransform',
      'transforms.bad.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.bad.predicate': 'nope',
      'value.converter': 'NoSuchConverter',
    });
    expect(r.status).toBe(200);
    const errors = Object.fromEntries(r.body.configs.map((c: { value: { name: string; errors: string[] } }) => [c.value.name, c.value.errors]));
    expect(errors['topics'][0]).toMatch(/mutually exclusive/);
    expect(errors['topics.regex'][0]).toMatch(/mutually exclusive/);
    expect(errors['errors.deadletterqueue.topic.name'][0]).toMatch(/DLQ topic 'a'/);
    expect(errors['transforms.missing.type'][0]).toMatch(/Missing required configuration/);
    expect(errors['transforms.unknown.type'][0]).toMatch(/NoSuchTransform/);
    expect(errors['transforms.bad.field'][0]).toMatch(/Missing required configuration "field"/);
    expect(errors['transforms.bad.predicate'][0]).toMatch(/not listed in predicates/);
    expect(errors['value.converter'][0]).toMatch(/NoSuchConverter/);
    expect(r.body.error_count).toBe(Object.values(errors).flat().length);
  });

  it('DELETE removes the connector (204), then it is 404', async () => {
    expect((await http('DELETE', '/connectors/dg')).status).toBe(204);
    expect((await http('GET', '/connectors/dg')).status).toBe(404);
    expect((await http('GET', '/connectors')).body).toEqual([]);
  });
});
