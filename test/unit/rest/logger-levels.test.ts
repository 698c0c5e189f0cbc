import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LoggerLevels, loggerName } from '../../../src/rest/logger-levels.js';

function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { root: pino({ level: 'info' }, stream), lines };
}

describe('LoggerLevels', () => {
  it('names children from their bindings', () => {
    expect(loggerName({ connector: 'c' })).toBe('connector.c');
    expect(loggerName({ connector: 'c', task: 0 })).toBe('connector.c.task.0');
    expect(loggerName({ component: 'herder' })).toBe('herder');
    expect(loggerName({ pid: 1 })).toBeUndefined();
  });

  it('a level set on a name reaches existing and future loggers below it, not its siblings', async () => {
    const { root, lines } = captured();
    const levels = new LoggerLevels(root, () => 1234);
    const c = root.child({ connector: 'c' });
    const t0 = c.child({ task: 0 });
    const other = root.child({ connector: 'd' });
    expect(levels.set('connector.c', 'DEBUG')).toEqual(['connector.c', 'connector.c.task.0']);
    const t1 = c.child({ task: 1 }); // created after the change
    t0.debug('t0 debug');
    t1.debug('t1 debug');
    other.debug('other debug');
    root.debug('root debug');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l['msg'])).toEqual(['t0 debug', 't1 debug']);
    expect(levels.get('connector.c')).toEqual({ level: 'DEBUG', last_modified: 1234 });
    expect(levels.get('connector.c.task.1')).toEqual({ level: 'DEBUG' });
    expect(levels.get('connector.d')).toEqual({ level: 'INFO' });
    expect(levels.get('nope')).toBeUndefined();
    expect(Object.keys(levels.all())).toEqual(['connector.c', 'connector.c.task.0', 'connector.c.task.1', 'connector.d', 'root']);
  });

  it('root sets every logger and clears the named levels; OFF silences; bad levels throw', () => {
    const { root } = captured();
    const levels = new LoggerLevels(root);
    const c = root.child({ connector: 'c' });
    levels.set('connector.c', 'trace');
    levels.set('root', 'OFF');
    expect(root.level).toBe('silent');
    expect(c.level).toBe('silent');
    expect(levels.get('root')?.level).toBe('OFF');
    expect(levels.get('connector.c')).toEqual({ level: 'OFF' });
    expect(() => levels.set('root', 'LOUD')).toThrow(/Invalid log level/);
  });
});
