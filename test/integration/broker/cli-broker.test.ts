import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/broker.js';

const BIN = resolve(import.meta.dirname, '../../../bin/tributary.js');

/** Starts `tributary broker` as a child process; resolves with its bootstrap address once it listens. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; bootstrap: string }> {
  const child = spawn(process.execPath, [BIN, 'broker', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /broker listening on (\S+)/.exec(out);
      if (m) resolvePromise({ child, bootstrap: m[1]! });
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${err}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));

describe('tributary broker (its own process)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('closes cleanly on SIGTERM and serves the same data after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-cli-'));
    dirs.push(dataDir);
    const first = await startChild(dataDir);
    children.push(first.child);
    const kafka1 = new Kafka({ brokers: [first.bootstrap], clientId: 'it-cli', logLevel: logLevel.NOTHING });
    const producer = kafka1.producer();
    await producer.connect();
    await producer.send({ topic: 'cli', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    const done = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await done).toEqual({ code: 0, signal: null });

    const second = await startChild(dataDir);
    children.push(second.child);
    const admin = new Kafka({ brokers: [second.bootstrap], clientId: 'it-cli-2', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    expect((await admin.fetchTopicOffsets('cli'))[0]!.high).toBe('2');
    await admin.disconnect();
    const stopped = exited(second.child);
    second.child.kill('SIGINT');
    expect((await stopped).code).toBe(0);
  });

  it('keeps every acknowledged acks=-1 record across kill -9 mid-stream', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kill-'));
    dirs.push(dataDir);
    const first = await startChild(dataDir);
    children.push(first.child);
    const kafka1 = new Kafka({ brokers: [first.bootstrap], clientId: 'it-kill', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = kafka1.producer({ retry: { retries: 0 } });
    await producer.connect();
    const acked: string[] = [];
    let i = 0;
    const writer = (async () => {
      for (;;) {
        const value = `r${i++}`;
        try {
          await producer.send({ topic: 'kill', acks: -1, messages: [{ value }] });
          acked.push(value);
        } catch {
          return;
        }
      }
    })();
    await waitFor(() => acked.length >= 200, '200 acknowledged writes');
    const gone = exited(first.child);
    first.child.kill('SIGKILL');
    await gone;
    await writer;
    await producer.disconnect().catch(() => undefined);

    const second = await startChild(dataDir);
    children.push(second.child);
    const kafka2 = new Kafka({ brokers: [second.bootstrap], clientId: 'it-kill-2', logLevel: logLevel.NOTHING });
    const consumer = kafka2.consumer({ groupId: 'g-kill', maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 300 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kill', fromBeginning: true });
    const got: Array<{ offset: string; value: string }> = [];
    await consumer.run({ eachMessage: async ({ message }) => { got.push({ offset: message.offset, value: String(message.value) }); } });
    await waitFor(() => got.length >= acked.length, 'every acknowledged record read back');
    await consumer.disconnect();
    const values = got.map((g) => g.value);
    for (const v of acked) expect(values).toContain(v);
    expect(got.map((g) => Number(g.offset))).toEqual(got.map((_, idx) => idx)); // contiguous from 0
    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});
