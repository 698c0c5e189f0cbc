import { describe, expect, it } from 'vitest';
import { DataError, RetriableError } from '../../../src/api/errors.js';
import type { Clock } from '../../../src/runtime/clock.js';
import type { ErrorReporter } from '../../../src/runtime/errors/error-reporter.js';
import { ProcessingContext } from '../../../src/runtime/errors/processing-context.js';
import { RetryWithTolerance, ToleranceExceededError } from '../../../src/runtime/errors/retry-with-tolerance.js';

/** A clock whose sleep advances time instantly and records each wait. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

function collecting(): ErrorReporter & { seen: ProcessingContext[] } {
  const seen: ProcessingContext[] = [];
  return { seen, report: (c) => void seen.push(c), close: async () => {} };
}

const consumed = { topic: 't', partition: 2, offset: 17, key: null, value: Buffer.from('x'), headers: [], timestamp: 0, timestampType: 'CreateTime' as const };

describe('RetryWithTolerance', () => {
  it('retries RetriableError with exponential backoff until it succeeds', async () => {
    const clock = fakeClock();
    const p = new RetryWithTolerance({ retryTimeoutMs: 60_000, retryDelayMaxMs: 60_000, tolerance: 'none' }, [], new AbortController().signal, { clock });
    let calls = 0;
    const out = await p.run(new ProcessingContext(), 'TASK_PUT', 'Sink', () => {
      if (++calls < 4) throw new RetriableError('busy');
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(clock.sleeps).toEqual([300, 600, 1200]);
    expect(p.counters.retries).toBe(3);
  });

  it('caps the delay with a random value below errors.retry.delay.max.ms and never waits past the deadline', async () => {
    const clock = fakeClock();
    const p = new RetryWithTolerance({ retryTimeoutMs: 2000, retryDelayMaxMs: 500, tolerance: 'all' }, [], new AbortController().signal, { clock, random: () => 0.5 });
    const ctx = new ProcessingContext().resetFor(consumed);
    const out = await p.run(ctx, 'KAFKA_PRODUCE', 'P', () => {
      throw new RetriableError('down');
    });
    expect(out).toBeUndefined();
    expect(ctx.failed).toBe(true);
    expect(clock.sleeps[0]).toBe(300);
    expect(clock.sleeps.slice(1).every((s) => s <= 250)).toBe(true);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2000);
  });

  it('does not retry non-retriable errors; tolerance=none fails naming stage, class and record', () => {
    const rep = collecting();
    const p = new RetryWithTolerance({ retryTimeoutMs: -1, retryDelayMaxMs: 100, tolerance: 'none' }, [rep], new AbortController().signal);
    const ctx = new ProcessingContext().resetFor(consumed);
    let err: unknown;
    try {
      p.runSync(ctx, 'VALUE_CONVERTER', 'JsonConverter', () => {
        throw new DataError('not json');
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ToleranceExceededError);
    expect((err as Error).message).toMatch(/VALUE_CONVERTER.*JsonConverter.*topic 't' partition 2 offset 17.*not json/);
    expect(rep.seen).toHaveLength(1); // reported even when not tolerated, as Kafka
  });

  it("tolerance=all skips converter/SMT errors but not a non-retriable error in other stages", async () => {
    const p = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 100, tolerance: 'all' }, [], new AbortController().signal);
    const ctx = new ProcessingContext().resetFor(consumed);
    expect(p.runSync(ctx, 'TRANSFORMATION', 'X', () => { throw new Error('bad'); })).toBeUndefined();
    expect(ctx.failed).toBe(true);
    // later stages of a failed record are skipped
    let ran = false;
    p.runSync(ctx, 'VALUE_CONVERTER', 'V', () => (ran = true));
    expect(ran).toBe(false);
    await expect(p.run(new ProcessingContext(), 'TASK_PUT', 'S', () => { throw new Error('boom'); })).rejects.toThrow(/Unhandled exception/);
  });

  it('runSync marks a retriable failure for the async loop to back off and redo, until errors.retry.timeout', async () => {
    const clock = fakeClock();
    const p = new RetryWithTolerance({ retryTimeoutMs: 1000, retryDelayMaxMs: 60_000, tolerance: 'none' }, [], new AbortController().signal, { clock });
    const ctx = new ProcessingContext().resetFor(consumed);
    let calls = 0;
    const attempt = () => p.runSync(ctx, 'VALUE_CONVERTER', 'V', () => {
      calls++;
      throw new RetriableError('registry unreachable');
    });
    expect(attempt()).toBeUndefined();
    expect(ctx.retrying).toBe(true);
    expect(ctx.failed).toBe(false);
    // later stages are skipped while retrying
    expect(p.runSync(ctx, 'HEADER_CONVERTER', 'H', () => 'ran')).toBeUndefined();
    expect(await p.awaitRetry(ctx)).toBe(true);
    expect(clock.sleeps).toEqual([300]);
    attempt();
    expect(await p.awaitRetry(ctx)).toBe(true);
    expect(clock.sleeps).toEqual([300, 600]);
    // 900 ms spent: the next backoff is clamped to the 100 ms left; then the deadline passes and it fails
    attempt();
    await p.awaitRetry(ctx);
    expect(clock.sleeps[2]).toBe(100);
    expect(() => attempt()).toThrow(/Tolerance exceeded.*registry unreachable/);
    expect(calls).toBe(4);
  });

  it('a stop signal ends the backoff early', async () => {
    const abort = new AbortController();
    const p = new RetryWithTolerance({ retryTimeoutMs: -1, retryDelayMaxMs: 60_000, tolerance: 'all' }, [], abort.signal);
    const started = Date.now();
    const run = p.run(new ProcessingContext(), 'TASK_POLL', 'S', () => {
      throw new RetriableError('x');
    });
    setTimeout(() => abort.abort(), 20);
    expect(await run).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
