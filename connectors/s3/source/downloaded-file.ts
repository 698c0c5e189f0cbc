/**
 * One sink file as the source reads it: the data object plus, when `store.kafka.keys` /
 * `store.kafka.headers` are set, its `.keys.*` / `.headers.json` companions, decoded into parallel arrays.
 */
import { DataError, Headers } from '../../../src/api/index.js';
import type { CompanionFormat } from '../format/companion-formats.js';
import { decodeFile, type SourceFormat } from './file-records.js';

export interface FileRecords {
  readonly values: unknown[];
  readonly keys: unknown[] | undefined;
  readonly headers: Headers[] | undefined;
}

export interface CompanionSource {
  readonly companion: CompanionFormat;
  /** How the companion's records are split (keys: JSON or bytes; headers: JSON). */
  readonly format: SourceFormat;
}

/** Object keys of a data file's companions (its extension replaced by theirs). */
export function companionKeys(dataKey: string, dataExtension: string, companions: readonly CompanionSource[]): string[] {
  const base = dataKey.slice(0, dataKey.length - dataExtension.length);
  return companions.map((c) => base + c.companion.extension);
}

export function decodeFileSet(
  dataKey: string,
  bodies: readonly Uint8Array[],
  format: SourceFormat,
  companions: readonly CompanionSource[],
  companionObjectKeys: readonly string[],
): FileRecords {
  const values = decodeFile(dataKey, bodies[0]!, format);
  let keys: unknown[] | undefined;
  let headers: Headers[] | undefined;
  companions.forEach((c, i) => {
    const objectKey = companionObjectKeys[i]!;
    const decoded = decodeFile(objectKey, bodies[i + 1]!, c.format);
    if (decoded.length !== values.length) {
      throw new DataError(`s3 object ${objectKey} has ${decoded.length} records but ${dataKey} has ${values.length}; the files do not belong together`);
    }
    if (c.companion.kind === 'keys') keys = decoded;
    else headers = decoded.map((line) => new Headers((line as { key: string; value: unknown }[]).map((h) => ({ key: h.key, value: h.value }))));
  });
  return { values, keys, headers };
}
