// ListGroups (api key 16): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const listGroupsRequest: MessageSpec = {
  apiKey: 16, name: 'ListGroupsRequest', validVersions: '0-5', flexibleVersions: '3+',
  fields: [
    { name: 'statesFilter', type: 'array', items: 'string', versions: '4+' },
    { name: 'typesFilter', type: 'array', items: 'string', versions: '5+' },
  ],
};

export const listGroupsResponse: MessageSpec = {
  apiKey: 16, name: 'ListGroupsResponse', validVersions: '0-5', flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'groups', type: 'array', versions: '0+', fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'protocolType', type: 'string', versions: '0+' },
      { name: 'groupState', type: 'string', versions: '4+' },
      { name: 'groupType', type: 'string', versions: '5+' },
    ] },
  ],
};
