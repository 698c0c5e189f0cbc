import { defineConfig, newRecord, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { JavaReplacement, compileJavaRegex, groupCount, javaRegex } from './support/java-regex.js';
import { TransformBase } from './support/transform-base.js';

export const regexRouterConfig = defineConfig({
  regex: { type: 'string', validator: javaRegex, importance: 'high', doc: 'Regular expression to use for matching.' },
  replacement: { type: 'string', importance: 'high', doc: 'Replacement string.' },
});

/** Renames the topic when the whole topic name matches `regex` (Java replacement syntax: `$1`, `${name}`). */
export class RegexRouter<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #regex = /^$/;
  #replacement: JavaReplacement | undefined;

  constructor(shortName = 'RegexRouter') {
    super(shortName);
  }

  config() {
    return regexRouterConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = regexRouterConfig.parse(configs);
    this.#regex = compileJavaRegex('regex', c.regex, true);
    this.#replacement = new JavaReplacement('replacement', c.replacement, groupCount(this.#regex));
  }

  apply(record: R): R {
    const m = this.#regex.exec(record.topic);
    if (m === null) return record;
    const topic = this.#replacement!.expand(m);
    return topic === record.topic ? record : newRecord(record, { topic });
  }
}

export const descriptor = singleDescriptor('RegexRouter', regexRouterConfig, 'Rename the topic with a regular expression', () => new RegexRouter());
