import { ConfigError, describedAs } from '../../src/api/index.js';

/**
 * Java regexes as Connect configs write them, run by the JS engine. The common syntax is shared; the
 * Java-only bits users actually write are translated: leading inline flags `(?i)`/`(?s)`/`(?m)`, and
 * `\Q…\E` quoting. Anything else JS rejects is a ConfigError naming the key.
 */
export function compileJavaRegex(key: string, source: string, wholeMatch: boolean): RegExp {
  let body = source;
  let flags = '';
  const inline = /^\(\?([imsx]+)\)/.exec(body);
  if (inline !== null) {
    for (const f of inline[1]!) if (f !== 'x' && !flags.includes(f)) flags += f;
    body = body.slice(inline[0].length);
  }
  body = body.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  try {
    return new RegExp(wholeMatch ? `^(?:${body})$` : body, flags);
  } catch (err) {
    throw new ConfigError(`Invalid value ${source} for configuration ${key}: ${(err as Error).message}`, {
      [key]: [`Invalid regex: ${(err as Error).message}`],
    });
  }
}

type Part = string | { readonly group: number | string };

/**
 * Java's `Matcher.appendReplacement` syntax: `$1`, `${name}`, and `\` escaping the next character. Compiled
 * once; `expand` is then a loop over the parts.
 */
export class JavaReplacement {
  readonly #parts: Part[] = [];

  constructor(key: string, replacement: string, groupCount: number) {
    let lit = '';
    const flush = () => {
      if (lit !== '') this.#parts.push(lit);
      lit = '';
    };
    for (let i = 0; i < replacement.length; i++) {
      const c = replacement[i]!;
      if (c === '\\') {
        i++;
        if (i >= replacement.length) throw new ConfigError(`character to be escaped is missing in ${key}`, { [key]: ['character to be escaped is missing'] });
        lit += replacement[i];
      } else if (c === '$') {
        flush();
        if (replacement[i + 1] === '{') {
          const end = replacement.indexOf('}', i);
          if (end < 0) throw new ConfigError(`named capturing group is missing trailing '}' in ${key}`, { [key]: ["named capturing group is missing trailing '}'"] });
          this.#parts.push({ group: replacement.slice(i + 2, end) });
          i = end;
        } else {
          let j = i + 1;
          if (!/\d/.test(replacement[j] ?? '')) throw new ConfigError(`Illegal group reference in ${key}: ${replacement}`, { [key]: ['Illegal group reference'] });
          let n = Number(replacement[j]);
          j++;
          // As Java: take more digits only while the number still names an existing group.
          while (j < replacement.length && /\d/.test(replacement[j]!) && n * 10 + Number(replacement[j]) <= groupCount) {
            n = n * 10 + Number(replacement[j]);
            j++;
          }
          if (n > groupCount) throw new ConfigError(`No group ${n} in ${key}: ${replacement}`, { [key]: [`No group ${n}`] });
          this.#parts.push({ group: n });
          i = j - 1;
        }
      } else {
        lit += c;
      }
    }
    flush();
  }

  expand(m: RegExpExecArray): string {
    let s = '';
    for (const p of this.#parts) {
      if (typeof p === 'string') s += p;
      else s += (typeof p.group === 'number' ? m[p.group] : m.groups?.[p.group]) ?? '';
    }
    return s;
  }
}

/** The number of capturing groups a regex has. */
export function groupCount(re: RegExp): number {
  return (new RegExp(`${re.source}|`, re.flags).exec('')?.length ?? 1) - 1;
}

/** ConfigDef validator: a Java regex that `compileJavaRegex` accepts; null passes. */
export const javaRegex = describedAs('valid regex', (name, value) => {
  if (typeof value === 'string') compileJavaRegex(name, value, false);
});
