import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ENV, parseWorkerCommandLine } from '../../../src/config/worker-command-line.js';

const dir = mkdtempSync(join(tmpdir(), 'trib-cmdline-'));
const workerFile = join(dir, 'worker.properties');
writeFileSync(workerFile, 'bootstrap.servers=from-file:9092\noffset.flush.interval.ms=500\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[BOOTSTRAP_ENV];
});

describe('worker command line (standalone and distributed)', () => {
  it('reads the worker file, connector files and defaults', async () => {
    const c = await parseWorkerCommandLine([workerFile, 'a.properties', 'b.json']);
    expect(c.workerProps).toEqual({ 'bootstrap.servers': 'from-file:9092', 'offset.flush.interval.ms': '500' });
    expect(c.connectorFiles).toEqual(['a.properties', 'b.json']);
    expect(c).toMatchObject({ restHost: undefined, restPort: undefined, brokerPort: 9092, dataDir: './data', logLevel: 'info' });
  });

  it('lets --bootstrap-server, then the environment, override bootstrap.servers', async () => {
    process.env[BOOTSTRAP_ENV] = 'from-env:9092';
    expect((await parseWorkerCommandLine([workerFile])).workerProps['bootstrap.servers']).toBe('from-env:9092');
    const flag = await parseWorkerCommandLine([workerFile, '--bootstrap-server', 'from-flag:9092']);
    expect(flag.workerProps['bootstrap.servers']).toBe('from-flag:9092');
  });

  it('rejects bad ports and unknown flags with the flag named', async () => {
    await expect(parseWorkerCommandLine(['--rest-port', '70000'])).rejects.toThrow(/--rest-port must be 0-65535, got '70000'/);
    await expect(parseWorkerCommandLine(['--broker-port', 'x'])).rejects.toThrow(/--broker-port/);
    await expect(parseWorkerCommandLine(['--nope'])).rejects.toThrow(/nope/);
    expect((await parseWorkerCommandLine(['--rest-port', '0'])).restPort).toBe(0);
  });
});
