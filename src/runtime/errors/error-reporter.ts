import type { ProcessingContext } from './processing-context.js';

/** Receives every failure the policy sees (tolerated or not). Reports may complete asynchronously. */
export interface ErrorReporter {
  report(ctx: ProcessingContext): void | Promise<void>;
  close(): Promise<void>;
}

/** The error's stack followed by each `cause`'s ("Caused by: …"), as a Java trace reads. */
export function fullTrace(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    parts.push(depth === 0 ? text : `Caused by: ${text}`);
    e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  }
  return parts.join('\n');
}
