/**
 * Renders ConfigDef keys as a Markdown table for connector READMEs, in the order Kafka's docs use
 * (required keys first, then by importance, then by name) and with Kafka's default/valid-values wording.
 */
import type { ConfigKey } from './config-types.js';
import { convertToString } from './parse-type.js';

const IMPORTANCE_RANK = { high: 0, medium: 1, low: 2 } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function defaultText(key: ConfigKey): string {
  if (!key.hasDefault) return '';
  if (key.defaultValue === null) return 'null';
  const s = convertToString(key.defaultValue, key.type) ?? 'null';
  return s === '' ? '""' : `\`${s}\``;
}

export function configMarkdown(keys: readonly ConfigKey[]): string {
  const sorted = [...keys].sort((a, b) => {
    if (a.hasDefault !== b.hasDefault) return a.hasDefault ? 1 : -1;
    const byImportance = IMPORTANCE_RANK[a.importance] - IMPORTANCE_RANK[b.importance];
    return byImportance !== 0 ? byImportance : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const lines = [
    '| Key | Type | Default | Valid values | Importance | Description |',
    '|---|---|---|---|---|---|',
  ];
  for (const key of sorted) {
    const row = [
      `\`${key.name}\``,
      key.type,
      defaultText(key),
      key.validator?.description ?? '',
      key.importance,
      key.documentation,
    ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
