import type { Handler } from '../server/request-context.js';

/** DeleteGroups. */
export const handleDeleteGroups: Handler = (body, ctx) => ctx.broker.groups.deleteGroups(body, ctx.apiVersion);
