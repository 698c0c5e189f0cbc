/** SASL settings of a listener; absent = no authentication (the default). */
export interface SaslOptions {
  /** Mechanisms offered, e.g. ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']. */
  readonly mechanisms: ReadonlyArray<'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'>;
  /** username → password. */
  readonly users: Readonly<Record<string, string>>;
}
