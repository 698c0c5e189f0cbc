// Heartbeat (api key 12): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const heartbeatRequest: MessageSpec = {
  apiKey: 12, name: 'HeartbeatRequest', validVersions: '0-4', flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
};

export const heartbeatResponse: MessageSpec = {
  apiKey: 12, name: 'HeartbeatResponse', validVersions: '0-4', flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
};
