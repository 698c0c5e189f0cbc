/**
 * Confluent's FieldPartitioner: `<field>=<value>` for each of `partition.field.name`, joined by
 * `directory.delim`. Fields are read from struct values and (unlike Confluent, which needs a schema) from
 * schemaless objects too; dotted names reach into nested values.
 */
import { DataError, type SinkRecord } from '../../../src/api/index.js';
import type { Partitioner } from './partitioner.js';

export class FieldPartitioner implements Partitioner {
  readonly needsTimestamp = false;
  readonly #paths: readonly (readonly string[])[];

  constructor(private readonly fieldNames: readonly string[], private readonly delim: string) {
    this.#paths = fieldNames.map((f) => f.split('.'));
  }

  encodePartition(record: SinkRecord): string {
    let out = '';
    for (let i = 0; i < this.#paths.length; i++) {
      const v = readPath(record.value, this.#paths[i]!);
      if (v === null || v === undefined || (typeof v === 'object' && !(v instanceof Date))) {
        throw new DataError(
          `FieldPartitioner: field "${this.fieldNames[i]}" is ${v === null || v === undefined ? 'missing or null' : 'not a primitive'} in the value of topic ${record.topic} partition ${record.kafkaPartition} offset ${record.kafkaOffset}; fix the record or partition.field.name`,
        );
      }
      out += (i === 0 ? '' : this.delim) + this.fieldNames[i] + '=' + (v instanceof Date ? v.getTime() : String(v));
    }
    return out;
  }
}

export function readPath(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (let i = 0; i < path.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v instanceof Map ? v.get(path[i]) : (v as Record<string, unknown>)[path[i]!];
  }
  return v;
}
