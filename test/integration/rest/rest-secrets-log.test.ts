/**
 * Secrets never reach the log: a worker logging at trace level, a connector with a password created (STOPPED:
 * no database here), read, updated, patched, validated, restarted and deleted over REST — no log line contains
 * the password.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { withRestWorker } from './rest-harness.js';

const lines: string[] = [];
const sinkStream = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});
const { http } = withRestWorker({}, pino({ level: 'trace' }, sinkStream));

const SECRET = 'pa55-very-secret';
const jdbc = {
  'connector.class': 'io.tributary.connect.jdbc.JdbcSinkConnector',
  'connection.url': 'jdbc:postgresql://127.0.0.1:1/nowhere',
  'connection.password': SECRET,
  topics: 'orders',
};

describe('secrets in logs', () => {
  it('no log line carries a password value', async () => {
    expect((await http('POST', '/connectors', { name: 'db', config: jdbc, initial_state: 'STOPPED' })).status).toBe(201);
    await http('GET', '/connectors/db');
    await http('GET', '/connectors/db/tasks');
    await http('PUT', '/connectors/db/config', { ...jdbc, topics: 'orders,more' });
    await http('PATCH', '/connectors/db/config', { 'connection.password': '[hidden]', 'batch.size': 'x' });
    await http('PUT', '/connector-plugins/JdbcSinkConnector/config/validate', { ...jdbc, 'batch.size': 'x' });
    await http('POST', '/connectors/db/restart');
    await http('DELETE', '/connectors/db');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes(SECRET))).toEqual([]);
  });
});
