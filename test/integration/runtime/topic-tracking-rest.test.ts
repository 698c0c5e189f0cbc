/**
 * Topic tracking through the standalone herder and REST: a source's topics appear as it produces, reset
 * empties them until the next record, and a deleted connector's topics do not come back with a new one of
 * the same name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceConnector, SourceTask, Schemas, defineConfig, sourceRecord, type ConnectorProps, type SourceRecord } from 'tributary';
import { startTestCluster, waitUntil, type TestCluster } from 'tributary/testing';

/** Writes one record to each topic of `topics` whenever `go` is raised for its connector. */
const go = new Map<string, number>();
class OnDemandTask extends SourceTask {
  #name = ''; #topics: string[] = []; #n = 0;
  version() { return '1'; }
  start(props: ConnectorProps) { this.#name = props.name!; this.#topics = props.topics!.split(','); }
  async poll(): Promise<SourceRecord[] | null> {
    if ((go.get(this.#name) ?? 0) === 0) { await new Promise((r) => setTimeout(r, 10)); return null; }
    go.set(this.#name, go.get(this.#name)! - 1);
    const n = this.#n++;
    return this.#topics.map((topic) => sourceRecord({ topic, value: `v${n}`, valueSchema: Schemas.STRING, sourcePartition: { s: 1 }, sourceOffset: { n } }));
  }
  stop() {}
}
class OnDemandSource extends SourceConnector {
  #props: ConnectorProps = {};
  version() { return '1'; }
  config() { return defineConfig({}); }
  start(props: ConnectorProps) { this.#props = props; }
  taskClass() { return OnDemandTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ rest: true, plugins: [{ kind: 'source', className: 'test.OnDemandSource', version: '1', create: () => new OnDemandSource() }] });
});
afterAll(async () => {
  await cluster?.close();
});

const topicsOf = async (name: string) => ((await (await fetch(`${cluster.restUrl}/connectors/${name}/topics`)).json()) as Record<string, { topics: string[] }>)[name]!.topics;

describe('GET /connectors/{name}/topics (standalone)', () => {
  it('lists the topics a source produced to; reset empties it until the next record; delete forgets them', async () => {
    const config = { 'connector.class': 'test.OnDemandSource', name: 'od', topics: 'od-a,od-b', 'value.converter': 'StringConverter' };
    await cluster.createConnector('od', config);
    await cluster.waitForTaskState('od', 0, 'RUNNING');
    expect(await topicsOf('od')).toEqual([]);
    go.set('od', 1);
    await waitUntil(async () => (await topicsOf('od')).length === 2, 'both topics listed');
    expect(await topicsOf('od')).toEqual(['od-a', 'od-b']);

    expect((await fetch(`${cluster.restUrl}/connectors/od/topics/reset`, { method: 'PUT' })).ok).toBe(true);
    expect(await topicsOf('od')).toEqual([]);
    go.set('od', 1);
    await waitUntil(async () => (await topicsOf('od')).length === 2, 'topics listed again after the next records');

    await cluster.deleteConnector('od');
    await cluster.createConnector('od', { ...config, topics: 'od-c' });
    await cluster.waitForTaskState('od', 0, 'RUNNING');
    expect(await topicsOf('od')).toEqual([]);
  });
});
