import type { Connection } from '../net/connection.js';
import type { BrokerContext } from './broker-context.js';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly broker: BrokerContext;
  readonly conn: Connection;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/**
 * Serves one API: takes the decoded request body, returns the response body, or null when no
 * response is sent (acks=0 Produce). Bodies use the Kafka message-JSON field names in lowerCamelCase.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (body: any, ctx: RequestContext) => Promise<object | null>;
