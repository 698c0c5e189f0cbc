import type { Handler } from '../server/request-context.js';

/** ListGroups. */
export const handleListGroups: Handler = (body, ctx) => ctx.broker.groups.listGroups(body, ctx.apiVersion);
