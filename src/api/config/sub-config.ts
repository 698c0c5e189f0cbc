/**
 * Kafka's `AbstractConfig.originalsWithPrefix`: the keys of `raw` that start with `prefix`, with the prefix
 * removed (or kept). Used for sub-configs such as `key.converter.*`, `transforms.<alias>.*`,
 * `producer.override.*`.
 */
export function subConfig<V>(
  raw: Readonly<Record<string, V>>,
  prefix: string,
  options: { readonly strip?: boolean } = {},
): Record<string, V> {
  const strip = options.strip ?? true;
  const out: Record<string, V> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(prefix) && key.length > prefix.length) out[strip ? key.slice(prefix.length) : key] = value;
  }
  return out;
}
