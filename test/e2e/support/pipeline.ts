/**
 * The file → Kafka → file pipeline the e2e tests run: worker.properties plus a FileStreamSource and a
 * FileStreamSink with JsonConverter and an SMT chain (HoistField + InsertField on the way in, ExtractField on
 * the way out), so the output file must equal the input file.
 */
import { join } from 'node:path';
import { writeProperties } from './worker-process.js';

export interface PipelineFiles {
  readonly input: string;
  readonly output: string;
  readonly offsets: string;
  /** worker.properties, source.properties, sink.properties */
  readonly args: string[];
}

export async function writePipeline(dir: string, bootstrap: string, topic: string, flushIntervalMs = 500): Promise<PipelineFiles> {
  const input = join(dir, 'input.txt');
  const output = join(dir, 'output.txt');
  const offsets = join(dir, 'standalone.offsets');
  const worker = await writeProperties(join(dir, 'worker.properties'), {
    'bootstrap.servers': bootstrap,
    'offset.storage.file.filename': offsets,
    'offset.flush.interval.ms': String(flushIntervalMs),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'task.shutdown.graceful.timeout.ms': '10000',
    // A SIGKILLed worker's sink consumer is only evicted after its session times out: keep that short.
    'consumer.session.timeout.ms': '3000',
    'consumer.heartbeat.interval.ms': '500',
    listeners: 'http://127.0.0.1:0',
  });
  const source = await writeProperties(join(dir, 'source.properties'), {
    name: 'file-source',
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    file: input,
    topic,
    transforms: 'hoist,tag',
    'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
    'transforms.hoist.field': 'line',
    'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.tag.static.field': 'origin',
    'transforms.tag.static.value': 'e2e',
  });
  const sink = await writeProperties(join(dir, 'sink.properties'), {
    name: 'file-sink',
    'connector.class': 'FileStreamSink',
    file: output,
    topics: topic,
    transforms: 'unwrap',
    'transforms.unwrap.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
    'transforms.unwrap.field': 'line',
  });
  return { input, output, offsets, args: ['standalone', worker, source, sink] };
}

/** `line-000000` … : unique, ordered, and easy to map back to an index. */
export function inputLine(i: number): string {
  return `line-${String(i).padStart(6, '0')} ${'x'.repeat(i % 37)}`;
}

export function lineIndex(line: string): number {
  return Number(line.slice(5, 11));
}
