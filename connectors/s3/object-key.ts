/**
 * Object keys exactly as Confluent's S3 sink writes them:
 *
 *     <topics.dir>/<topic>/<encoded partition>/<topic>+<kafkaPartition>+<startOffset, zero-padded>.<ext>
 *
 * and the reverse parse used by recovery and the source.
 */
export interface KeyLayout {
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly zeroPadWidth: number;
}

export function padOffset(offset: number, width: number): string {
  const digits = String(offset);
  return digits.length >= width ? digits : '0'.repeat(width - digits.length) + digits;
}

/** `<topic>+<partition>+<offset>` + extension (extension includes its dot, e.g. `.json.gz`). */
export function fileName(layout: KeyLayout, topic: string, partition: number, startOffset: number, extension: string): string {
  const d = layout.fileDelim;
  return `${topic}${d}${partition}${d}${padOffset(startOffset, layout.zeroPadWidth)}${extension}`;
}

/** `<topics.dir>/<topic>/` (or `<topic>/` with an empty topics.dir): everything the sink writes for a topic. */
export function topicPrefix(layout: KeyLayout, topic: string): string {
  const d = layout.directoryDelim;
  return layout.topicsDir === '' ? `${topic}${d}` : `${layout.topicsDir}${d}${topic}${d}`;
}

export function objectKey(layout: KeyLayout, topic: string, encodedPartition: string, partition: number, startOffset: number, extension: string): string {
  return `${topicPrefix(layout, topic)}${encodedPartition}${layout.directoryDelim}${fileName(layout, topic, partition, startOffset, extension)}`;
}

export interface ParsedFileName {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  /** Everything after the offset digits, e.g. `.json.gz`. */
  readonly extension: string;
}

/**
 * Parses the last segment of an object key as `<topic>+<partition>+<offset><ext>`, or undefined when it
 * is not a sink file. Topics may themselves contain the delimiter, so the partition and offset are taken
 * from the right.
 */
export function parseFileName(layout: KeyLayout, key: string): ParsedFileName | undefined {
  const slash = key.lastIndexOf(layout.directoryDelim);
  const name = slash < 0 ? key : key.slice(slash + layout.directoryDelim.length);
  const d = layout.fileDelim;
  const second = name.lastIndexOf(d);
  if (second <= 0) return undefined;
  const first = name.lastIndexOf(d, second - 1);
  if (first <= 0) return undefined;
  const partitionText = name.slice(first + d.length, second);
  const rest = name.slice(second + d.length);
  const digits = /^\d+/.exec(rest)?.[0];
  if (!/^\d+$/.test(partitionText) || digits === undefined) return undefined;
  const startOffset = Number(digits);
  if (!Number.isSafeInteger(startOffset)) return undefined;
  return { topic: name.slice(0, first), partition: Number(partitionText), startOffset, extension: rest.slice(digits.length) };
}
