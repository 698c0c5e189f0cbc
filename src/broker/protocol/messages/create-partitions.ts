// CreatePartitions (api key 37): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const createPartitionsRequest: MessageSpec = {
  apiKey: 37, name: 'CreatePartitionsRequest', validVersions: '0-3', flexibleVersions: '2+',
  fields: [
    { name: 'topics', type: 'array', versions: '0+', fields: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'count', type: 'int32', versions: '0+' },
      { name: 'assignments', type: 'array', versions: '0+', nullableVersions: '0+', fields: [
        { name: 'brokerIds', type: 'array', items: 'int32', versions: '0+' },
      ] },
    ] },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
};

export const createPartitionsResponse: MessageSpec = {
  apiKey: 37, name: 'CreatePartitionsResponse', validVersions: '0-3', flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'results', type: 'array', versions: '0+', fields: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    ] },
  ],
};
