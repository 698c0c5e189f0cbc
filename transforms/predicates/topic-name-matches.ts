import { defineConfig, nonNullOrEmpty, allOf, type ConfigDef, type ConnectRecord, type Predicate, type RawConfig } from '../../src/api/index.js';
import { predicateDescriptor } from '../support/descriptors.js';
import { compileJavaRegex, javaRegex } from '../support/java-regex.js';
import { TRANSFORMS_VERSION } from '../support/transform-base.js';

export const topicNameMatchesConfig = defineConfig({
  pattern: {
    type: 'string',
    validator: allOf(nonNullOrEmpty, javaRegex),
    importance: 'medium',
    doc: 'A Java regular expression for matching against the name of a record\'s topic.',
  },
});

/** True when the record's topic matches `pattern` entirely (Java `Matcher.matches()`). */
export class TopicNameMatches<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  #pattern = /^$/;

  configure(configs: RawConfig): void {
    this.#pattern = compileJavaRegex('pattern', topicNameMatchesConfig.parse(configs).pattern, true);
  }

  test(record: R): boolean {
    return record.topic !== null && record.topic !== undefined && this.#pattern.test(record.topic);
  }

  config(): ConfigDef<object> {
    return topicNameMatchesConfig;
  }

  close(): void {}

  version(): string {
    return TRANSFORMS_VERSION;
  }
}

export const descriptor = predicateDescriptor(
  'TopicNameMatches',
  topicNameMatchesConfig,
  'True for records whose topic name matches a regular expression',
  () => new TopicNameMatches(),
);
