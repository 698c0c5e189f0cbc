/** Spreads source partitions (original topic × Kafka partition) over the connector's tasks by a stable hash. */
export function taskOwns(topic: string, partition: number, index: number, count: number): boolean {
  if (count <= 1) return true;
  // FNV-1a over "topic/partition": stable across processes and versions, unlike any runtime hash.
  let h = 0x811c9dc5;
  const s = `${topic}/${partition}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count === index;
}
