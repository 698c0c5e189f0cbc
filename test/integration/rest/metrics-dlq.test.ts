/**
 * GET /metrics of the standalone worker as `tributary standalone` wires it: the built-in FileStreamSink with
 * a bad JSON record that goes to the DLQ, scraped over HTTP. Checks the series added for issue 6: DLQ
 * records, put batch sizes, offset commit duration and lag.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/broker.js';
import { produce } from '../runtime/runtime-fixtures.js';
import { withRestWorker } from './rest-harness.js';

const { http, broker } = withRestWorker();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'metrics-dlq-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('GET /metrics (standalone worker)', () => {
  it('counts the DLQ record of a file sink and its put batches; offsets end committed with no lag', async () => {
    await produce(broker().bootstrap, 'md-in', ['{"id":1}', 'not json', '{"id":2}']);
    const file = join(dir, 'out.txt');
    const created = await http('POST', '/connectors', {
      name: 'md', config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', file, topics: 'md-in', 'tasks.max': '1',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
        'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'md-dlq', 'errors.deadletterqueue.topic.replication.factor': '1',
      },
    });
    expect(created.status).toBe(201);
    const l = '{connector="md",task="0"}';
    let m = new Map<string, number>();
    let text = '';
    await waitFor(async () => {
      const res = await http('GET', '/metrics');
      text = res.text;
      m = parse(text);
      return m.get(`tributary_dlq_records_total${l}`) === 1 && m.get(`tributary_offset_uncommitted_records${l}`) === 0
        && (m.get(`tributary_offset_commit_duration_seconds_count${l}`) ?? 0) >= 1;
    }, 'the DLQ record counted and the offsets committed');
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(m.get(`tributary_sink_put_batch_size_sum${l}`)).toBe(2);
    expect(m.get(`tributary_offset_commit_lag_seconds${l}`)).toBe(0);
    expect(m.get(`tributary_task_errors_total${l}`)).toBe(1);
    for (const family of ['tributary_offset_commit_duration_seconds histogram', 'tributary_source_poll_batch_size histogram', 'tributary_task_metric gauge']) {
      expect(text).toContain(`# TYPE ${family}`);
    }
    expect((await http('DELETE', '/connectors/md')).status).toBe(204);
  });
});
