import type { Logger } from '../../api/logger.js';
import { fullTrace, type ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';

/**
 * `errors.log.enable`: logs each failed operation at error level with its coordinates; with
 * `errors.log.include.messages` also the record's key, value and headers (never by default: they may hold
 * personal data).
 */
export class LogReporter implements ErrorReporter {
  constructor(
    private readonly log: Logger,
    private readonly includeMessages: boolean,
  ) {}

  report(ctx: ProcessingContext): void {
    const c = ctx.consumed;
    const fields: Record<string, unknown> = {
      stage: ctx.stage,
      class: ctx.executingClass,
      attempts: ctx.attempts,
      err: ctx.error ? { type: ctx.error.name, message: ctx.error.message, stack: fullTrace(ctx.error) } : undefined,
    };
    if (c) {
      fields['topic'] = c.topic;
      fields['partition'] = c.partition;
      fields['offset'] = c.offset;
      if (this.includeMessages) {
        fields['key'] = c.key ? Buffer.from(c.key).toString('utf8') : null;
        fields['value'] = c.value ? Buffer.from(c.value).toString('utf8') : null;
        fields['headers'] = c.headers.map((h) => ({ key: h.key, value: h.value ? Buffer.from(h.value).toString('utf8') : null }));
      }
    } else if (ctx.source) {
      fields['topic'] = ctx.source.topic;
      fields['sourcePartition'] = ctx.source.sourcePartition;
      fields['sourceOffset'] = ctx.source.sourceOffset;
      if (this.includeMessages) {
        fields['key'] = safeJson(ctx.source.key);
        fields['value'] = safeJson(ctx.source.value);
      }
    }
    this.log.error(fields, 'Error encountered in task');
  }

  async close(): Promise<void> {}
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x)) ?? 'undefined';
  } catch {
    return String(v);
  }
}
