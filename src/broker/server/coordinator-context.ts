import type { RequestContext } from './request-context.js';

/** What the coordinators learn about the caller (client id and host, for DescribeGroups). */
export function coordinatorContext(ctx: RequestContext): { clientId: string | null; clientHost: string } {
  return { clientId: ctx.clientId, clientHost: `/${ctx.conn.remote.replace(/:\d+$/, '')}` };
}
