/** Levenshtein distance, case-insensitive, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}

/**
 * The known names closest to `wanted`. A name is compared by its full form and by its simple name
 * (after the last '.' or '$'), so `JsonConvertor` still finds `org.apache.kafka.connect.json.JsonConverter`.
 */
export function closestNames(wanted: string, known: Iterable<string>, limit = 3): string[] {
  const simple = (n: string) => n.slice(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1);
  const scored: Array<[number, number, string]> = [];
  for (const name of known) {
    const full = editDistance(wanted, name);
    scored.push([Math.min(full, editDistance(simple(wanted), simple(name))), full, name]);
  }
  // Closest simple name first; among equals, the closest full name (so the user's package is kept).
  scored.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]));
  return scored.slice(0, limit).map(([, , n]) => n);
}
