import type { TestPostgres } from '../../../support/postgres.js';

/** Connector props for the test database, one slot/publication per test so tests stay independent. */
export function cdcProps(p: TestPostgres, slot: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'topic.prefix': 'dbserver1',
    'database.hostname': p.host,
    'database.port': String(p.port),
    'database.user': p.user,
    'database.password': p.password,
    'database.dbname': p.database,
    'slot.name': slot,
    'publication.name': `pub_${slot}`,
    'poll.interval.ms': '100',
    'status.update.interval.ms': '200',
    'heartbeat.interval.ms': '0',
    ...extra,
  };
}

export async function confirmedFlush(p: TestPostgres, slot: string): Promise<bigint> {
  const r = await p.query<{ lsn: string }>(`SELECT (confirmed_flush_lsn - '0/0')::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`, [slot]);
  return BigInt(r.rows[0]!.lsn);
}

export async function currentWalLsn(p: TestPostgres): Promise<bigint> {
  const r = await p.query<{ lsn: string }>(`SELECT (pg_current_wal_lsn() - '0/0')::text AS lsn`);
  return BigInt(r.rows[0]!.lsn);
}
