/**
 * The tokenizer behind Kafka's `Values.parseString` (its inner `Parser` class): the text is split at the
 * delimiters `: , { } [ ] "` unless a backslash escapes them; every delimiter is a token of its own and the
 * text between delimiters (whitespace included) is one token.
 */
const DELIMITERS = new Set([':', ',', '{', '}', '[', ']', '"']);

export class ValuesTokenizer {
  readonly original: string;
  #pos = 0;
  #nextToken: string | null = null;
  #previousToken: string | null = null;

  constructor(original: string) {
    this.original = original;
  }

  get position(): number {
    return this.#pos;
  }

  /** The start of the next unconsumed token (to rewind to). */
  mark(): number {
    return this.#pos - (this.#nextToken !== null ? this.#nextToken.length : 0);
  }

  rewindTo(position: number): void {
    this.#pos = position;
    this.#nextToken = null;
    this.#previousToken = null;
  }

  hasNext(): boolean {
    return this.#nextToken !== null || this.#pos < this.original.length;
  }

  next(): string {
    if (this.#nextToken !== null) {
      this.#previousToken = this.#nextToken;
      this.#nextToken = null;
    } else {
      this.#previousToken = this.#consume();
    }
    return this.#previousToken;
  }

  /** The text of the next `n` tokens, or null (and nothing consumed) if there are fewer. */
  nextTokens(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.slice(start, this.#pos);
  }

  previous(): string | null {
    return this.#previousToken;
  }

  /** Consumes the next token if, trimmed, it equals `expected` (blank tokens before it are skipped). */
  canConsume(expected: string): boolean {
    if (this.#nextToken === null) {
      if (!this.hasNext()) return false;
      this.#nextToken = this.#consume();
    }
    while (this.#nextToken.trim() === '' && this.#pos < this.original.length) this.#nextToken = this.#consume();
    if (this.#nextToken.trim() === expected) {
      this.#nextToken = null;
      return true;
    }
    return false;
  }

  #consume(): string {
    const s = this.original;
    const start = this.#pos;
    let escaped = false;
    for (let i = start; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\') {
        escaped = !escaped;
      } else if (DELIMITERS.has(c) && !escaped) {
        if (start < i) {
          this.#pos = i;
          return s.slice(start, i);
        }
        this.#pos = i + 1;
        return c;
      } else {
        escaped = false;
      }
    }
    this.#pos = s.length;
    return s.slice(start);
  }
}
