/**
 * The endpoints beyond the basics (rest-api.test.ts): PATCH config, tasks-config, active topics, admin
 * loggers, secrets, openapi.json and metrics — over real HTTP against a worker on the embedded broker, with
 * Kafka Connect's documented shapes as fixtures.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/broker.js';
import { withRestWorker } from './rest-harness.js';

const { http, worker } = withRestWorker();

const datagen = (topic: string) => ({
  'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
  'kafka.topic': topic, quickstart: 'users', 'max.interval': '20', 'random.seed': '1', 'tasks.max': '1',
});
const jdbcSink = {
  'connector.class': 'io.tributary.connect.jdbc.JdbcSinkConnector',
  'connection.url': 'jdbc:postgresql://127.0.0.1:1/nowhere',
  'connection.user': '${file:/etc/secrets.properties:user}',
  'connection.password': 's3cret',
  topics: 'orders',
};

async function running(name: string) {
  await waitFor(async () => {
    const s = (await http('GET', `/connectors/${name}/status`)).body;
    return s?.connector?.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t: { state: string }) => t.state === 'RUNNING');
  }, `${name} RUNNING`);
}

describe('REST compatibility: config, tasks-config, topics', () => {
  it('PATCH /connectors/{name}/config merges keys, null removes one; 404 unknown, 400 invalid', async () => {
    expect((await http('POST', '/connectors', { name: 'p', config: datagen('p-topic') })).status).toBe(201);
    const r = await http('PATCH', '/connectors/p/config', { 'max.interval': 50, 'random.seed': null });
    expect(r.status).toBe(200);
    const expected = { ...datagen('p-topic'), 'max.interval': '50', name: 'p' } as Record<string, string>;
    delete expected['random.seed'];
    expect(r.body).toEqual({ name: 'p', config: expected, tasks: [{ connector: 'p', task: 0 }], type: 'source' });
    expect((await http('GET', '/connectors/p/config')).body).toEqual(expected);
    expect((await http('PATCH', '/connectors/nope/config', { a: '1' })).status).toBe(404);
    const bad = await http('PATCH', '/connectors/p/config', { quickstart: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/quickstart/);
    expect((await http('PATCH', '/connectors/p/config', { name: 'other' })).status).toBe(400);
    expect((await http('PATCH', '/connectors/p/config', '[1,2]')).status).toBe(400);
    expect((await http('PATCH', '/connectors/p/config', { nested: { a: 1 } })).status).toBe(400);
  });

  it('GET /connectors/{name}/tasks-config answers the deprecated {"<name>-<id>": config} shape', async () => {
    await running('p');
    const tasks = await http('GET', '/connectors/p/tasks');
    const r = await http('GET', '/connectors/p/tasks-config');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ 'p-0': tasks.body[0].config });
    expect((await http('GET', '/connectors/nope/tasks-config')).status).toBe(404);
  });

  it('GET /connectors/{name}/topics lists what a source wrote to and a sink read from; PUT topics/reset (202) empties it; 404 unknown', async () => {
    const sink = {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      file: `/tmp/tributary-topics-${process.pid}.txt`, topics: 'tp-topic', 'tasks.max': '1',
    };
    expect((await http('POST', '/connectors', { name: 'tp', config: datagen('tp-topic') })).status).toBe(201);
    expect((await http('POST', '/connectors', { name: 'fs', config: sink })).status).toBe(201);
    for (const name of ['tp', 'fs']) {
      // recorded once records flow (as Kafka: the source's first acknowledged record, the sink's first consumed one)
      await waitFor(async () => JSON.stringify((await http('GET', `/connectors/${name}/topics`)).body) === JSON.stringify({ [name]: { topics: ['tp-topic'] } }), `${name} topics`);
      // stopped, so no new record records the topic again after the reset
      expect((await http('PUT', `/connectors/${name}/stop`)).status).toBe(204);
      await waitFor(async () => (await http('GET', `/connectors/${name}/status`)).body?.connector?.state === 'STOPPED', `${name} STOPPED`);
    }
    for (const name of ['tp', 'fs']) {
      const reset = await http('PUT', `/connectors/${name}/topics/reset`);
      expect(reset.status).toBe(202);
      expect(reset.text).toBe('');
      expect((await http('GET', `/connectors/${name}/topics`)).body).toEqual({ [name]: { topics: [] } });
    }
    expect((await http('GET', '/connectors/nope/topics')).status).toBe(404);
    expect((await http('PUT', '/connectors/nope/topics/reset')).status).toBe(404);
    expect((await http('DELETE', '/connectors/fs')).status).toBe(204);
    expect((await http('DELETE', '/connectors/tp')).status).toBe(204);
  });

  it('POST /connectors/{name}/restart?includeTasks=true&onlyFailed=true → 202 with the status body', async () => {
    const r = await http('POST', '/connectors/p/restart?includeTasks=true&onlyFailed=true');
    expect(r.status).toBe(202);
    // nothing failed: the plan restarts nothing, everything keeps its state
    expect(r.body).toEqual({
      name: 'p', type: 'source',
      connector: { state: 'RUNNING', worker_id: expect.any(String) },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: expect.any(String) }],
    });
  });
});

describe('REST compatibility: slow task starts', () => {
  it('POST /connectors answers 201 without waiting for a task whose start() keeps retrying (as Kafka)', async () => {
    // The JDBC sink's start() tries an unreachable database twice, 2 s apart, then fails.
    const config: Record<string, string> = { ...jdbcSink, 'connection.attempts': '2', 'connection.backoff.ms': '2000' };
    delete config['connection.user']; // no config provider on this worker
    const started = Date.now();
    const r = await http('POST', '/connectors', { name: 'slow', config });
    expect(r.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.body.tasks).toEqual([{ connector: 'slow', task: 0 }]);
    await waitFor(async () => (await http('GET', '/connectors/slow/status')).body?.tasks?.[0]?.state === 'FAILED', 'slow task FAILED');
    expect((await http('DELETE', '/connectors/slow')).status).toBe(204);
  });
});

describe('REST compatibility: plugins', () => {
  it('GET /connector-plugins?connectorsOnly=false lists every kind; /config works for each kind', async () => {
    const all = (await http('GET', '/connector-plugins?connectorsOnly=false')).body as Array<{ class: string; type: string }>;
    const kinds = new Set(all.map((p) => p.type));
    for (const k of ['source', 'sink', 'converter', 'transformation', 'predicate']) expect(kinds).toContain(k);
    for (const kind of kinds) {
      const plugin = all.find((p) => p.type === kind)!;
      const r = await http('GET', `/connector-plugins/${encodeURIComponent(plugin.class)}/config`);
      expect(r.status, plugin.class).toBe(200);
      expect(Array.isArray(r.body)).toBe(true);
      for (const k of r.body) expect(Object.keys(k).sort()).toEqual(['default_value', 'dependents', 'display_name', 'documentation', 'group', 'importance', 'name', 'order', 'required', 'type', 'width']);
    }
    expect((await http('GET', '/connector-plugins/NoSuchPlugin/config')).status).toBe(404);
  });

  it('validate: the URL type wins; an included connector.class must end with it (Kafka\'s rule)', async () => {
    const ok = await http('PUT', '/connector-plugins/DatagenConnector/config/validate', { ...datagen('v'), name: 'v' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: expect.stringMatching(/\.DatagenConnector$/), error_count: 0 });
    const bad = await http('PUT', '/connector-plugins/FileStreamSource/config/validate', datagen('v'));
    expect(bad).toMatchObject({ status: 400, body: { error_code: 400, message: expect.stringMatching(/does not match request type FileStreamSource/) } });
  });
});

describe('REST compatibility: secrets', () => {
  it('password values are [hidden] in every answer; PUT with [hidden] keeps the stored value; ${file:…} shown as written', async () => {
    const created = await http('POST', '/connectors', { name: 'db', config: jdbcSink, initial_state: 'STOPPED' });
    expect(created.status).toBe(201);
    expect(created.body.config['connection.password']).toBe('[hidden]');
    expect(created.body.config['connection.user']).toBe('${file:/etc/secrets.properties:user}');
    const config = (await http('GET', '/connectors/db/config')).body;
    expect(config['connection.password']).toBe('[hidden]');
    expect((await http('GET', '/connectors/db')).body.config['connection.password']).toBe('[hidden]');
    expect((await http('GET', '/connectors?expand=info')).body.db.info.config['connection.password']).toBe('[hidden]');
    // round trip: GET → edit → PUT keeps the secret
    const put = await http('PUT', '/connectors/db/config', { ...config, topics: 'orders,returns' });
    expect(put.status).toBe(200);
    expect(put.body.config['connection.password']).toBe('[hidden]');
    const stored = await worker().herder.connectorConfig('db');
    expect(stored['connection.password']).toBe('s3cret');
    expect(stored['topics']).toBe('orders,returns');
    // PATCH with [hidden] keeps it too; a new value replaces it
    await http('PATCH', '/connectors/db/config', { 'connection.password': '[hidden]' });
    expect((await worker().herder.connectorConfig('db'))['connection.password']).toBe('s3cret');
    await http('PATCH', '/connectors/db/config', { 'connection.password': 'n3w' });
    expect((await worker().herder.connectorConfig('db'))['connection.password']).toBe('n3w');
    const v = await http('PUT', '/connector-plugins/JdbcSinkConnector/config/validate', jdbcSink);
    const pw = v.body.configs.find((c: { value: { name: string } | null }) => c.value?.name === 'connection.password');
    expect(pw.value.value).toBe('[hidden]');
    expect((await http('DELETE', '/connectors/db')).status).toBe(204);
  });
});

describe('REST compatibility: admin loggers', () => {
  it('GET /admin/loggers has root; PUT changes levels of a connector\'s loggers at run time', async () => {
    const all = await http('GET', '/admin/loggers');
    expect(all.status).toBe(200);
    expect(all.body.root).toEqual({ level: expect.stringMatching(/^(OFF|FATAL|ERROR|WARN|INFO|DEBUG|TRACE)$/) });
    expect(Object.keys(all.body)).toContain('connector.p');
    const put = await http('PUT', '/admin/loggers/connector.p', { level: 'debug' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(expect.arrayContaining(['connector.p', 'connector.p.task.0']));
    expect((await http('GET', '/admin/loggers/connector.p')).body).toEqual({ level: 'DEBUG', last_modified: expect.any(Number) });
    expect((await http('GET', '/admin/loggers/connector.p.task.0')).body.level).toBe('DEBUG');
    expect((await http('PUT', '/admin/loggers/connector.p?scope=cluster', { level: 'INFO' })).status).toBe(204);
    expect((await http('GET', '/admin/loggers/connector.p')).body.level).toBe('INFO');
    expect((await http('PUT', '/admin/loggers/connector.p', { level: 'LOUD' })).status).toBe(400);
    expect((await http('PUT', '/admin/loggers/connector.p', {})).status).toBe(400);
    expect((await http('GET', '/admin/loggers/no.such.logger')).status).toBe(404);
    expect((await http('PUT', '/admin/loggers/connector.p', { level: 'OFF' })).status).toBe(200); // keep the test output quiet
  });
});

describe('Tributary extras: openapi.json and metrics', () => {
  it('GET /openapi.json documents every route with its schemas', async () => {
    const r = await http('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.0.3');
    const paths = r.body.paths;
    for (const [path, method] of [
      ['/', 'get'], ['/connectors', 'post'], ['/connectors/{name}/config', 'patch'], ['/connectors/{name}/tasks-config', 'get'],
      ['/connectors/{name}/topics/reset', 'put'], ['/connectors/{name}/offsets', 'delete'], ['/connector-plugins/{plugin}/config/validate', 'put'],
      ['/admin/loggers/{logger}', 'put'], ['/preview', 'post'], ['/metrics', 'get'],
    ] as const) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(paths['/connectors/{name}'].get.parameters).toEqual([{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(paths['/connectors/{name}'].get.responses['200'].content['application/json'].schema.properties.config).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(paths['/connectors/{name}'].get.responses['4XX']).toBeDefined();
  });

  it('GET /metrics is a Prometheus exposition with connector and task series', async () => {
    await running('p');
    await waitFor(async () => /tributary_source_records_written_total\{connector="p",task="0"\} [1-9]/.test((await http('GET', '/metrics')).text), 'records written');
    const r = await http('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toContain('# TYPE tributary_task_state gauge');
    expect(r.text).toContain('tributary_task_state{connector="p",task="0",state="RUNNING"} 1');
    expect(r.text).toContain('tributary_connector_state{connector="p",type="source",state="RUNNING"} 1');
    expect(r.text).toMatch(/tributary_connector_count \d+/);
    expect(r.text).toMatch(/tributary_rest_requests_total\{method="GET",route="\/connectors\/:name\/status",status="200"\} [1-9]/);
    expect(r.text).toContain('# TYPE tributary_rest_request_duration_seconds histogram');
    expect(r.text).toMatch(/tributary_source_records_polled_total\{connector="p",task="0"\} [1-9]/);
    // The error policy's counters, per task (0 here: the connector has no bad records).
    expect(r.text).toMatch(/tributary_task_errors_total\{connector="p",task="0"\} 0/);
    expect(r.text).toMatch(/tributary_task_retries_total\{connector="p",task="0"\} 0/);
  });
});
