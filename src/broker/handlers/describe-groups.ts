import type { Handler } from '../server/request-context.js';

/** DescribeGroups. */
export const handleDescribeGroups: Handler = (body, ctx) => ctx.broker.groups.describeGroups(body, ctx.apiVersion);
