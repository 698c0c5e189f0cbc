import { describe, expect, it } from 'vitest';
import { ShutdownSteps } from '../../../src/shutdown-steps.js';
import type { Logger } from '../../../src/api/logger.js';

describe('ShutdownSteps', () => {
  it('runs steps newest first, logs a failing one and goes on, and runs each once', async () => {
    const errors: unknown[] = [];
    const log = { error: (o: { err: unknown }) => errors.push(o.err) } as unknown as Logger;
    const ran: string[] = [];
    const steps = new ShutdownSteps(log);
    steps.add(async () => ran.push('broker'));
    steps.add(async () => ran.push('rest'), async () => { throw new Error('stuck'); });
    await steps.run();
    await steps.run();
    expect(ran).toEqual(['rest', 'broker']);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('stuck');
  });
});
