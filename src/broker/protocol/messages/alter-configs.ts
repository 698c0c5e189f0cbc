// AlterConfigs (api key 33): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const alterConfigsRequest: MessageSpec = {
  apiKey: 33, name: 'AlterConfigsRequest', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'resources', type: 'array', versions: '0+', fields: [
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
      { name: 'configs', type: 'array', versions: '0+', fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
      ] },
    ] },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
};

export const alterConfigsResponse: MessageSpec = {
  apiKey: 33, name: 'AlterConfigsResponse', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'responses', type: 'array', versions: '0+', fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
    ] },
  ],
};
