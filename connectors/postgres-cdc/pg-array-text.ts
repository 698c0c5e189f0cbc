/**
 * Splits PostgreSQL's text form of a one-dimensional array (`{1,2,NULL,"a \"b\""}`) into element texts
 * (null for NULL). Nested arrays are rejected: Connect has no multi-dimensional array type to map them to.
 */
export function parsePgArrayText(text: string): (string | null)[] {
  let s = text;
  if (s.startsWith('[')) s = s.slice(s.indexOf('=') + 1); // explicit bounds: [0:2]={...}
  if (s[0] !== '{' || s[s.length - 1] !== '}') throw new Error(`not an array literal: ${JSON.stringify(text)}`);
  const out: (string | null)[] = [];
  if (s.length === 2) return out;
  let i = 1;
  while (i < s.length) {
    if (s[i] === '{') throw new Error('multi-dimensional arrays are not supported');
    if (s[i] === '"') {
      let v = '';
      i++;
      while (s[i] !== '"') {
        if (s[i] === '\\') i++;
        v += s[i];
        i++;
      }
      out.push(v);
      i++; // closing quote
    } else {
      let j = i;
      while (s[j] !== ',' && s[j] !== '}') j++;
      const raw = s.slice(i, j);
      out.push(raw === 'NULL' ? null : raw);
      i = j;
    }
    i++; // ',' or the final '}'
  }
  return out;
}
