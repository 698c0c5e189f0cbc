// DeleteGroups (api key 42): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const deleteGroupsRequest: MessageSpec = {
  apiKey: 42, name: 'DeleteGroupsRequest', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'groupsNames', type: 'array', items: 'string', versions: '0+' },
  ],
};

export const deleteGroupsResponse: MessageSpec = {
  apiKey: 42, name: 'DeleteGroupsResponse', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'results', type: 'array', versions: '0+', fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
    ] },
  ],
};
