// DeleteTopics (api key 20): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const deleteTopicsRequest: MessageSpec = {
  apiKey: 20, name: 'DeleteTopicsRequest', validVersions: '0-6', flexibleVersions: '4+',
  fields: [
    { name: 'topics', type: 'array', versions: '6+', fields: [
      { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
      { name: 'topicId', type: 'uuid', versions: '6+' },
    ] },
    { name: 'topicNames', type: 'array', items: 'string', versions: '0-5' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const deleteTopicsResponse: MessageSpec = {
  apiKey: 20, name: 'DeleteTopicsResponse', validVersions: '0-6', flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'responses', type: 'array', versions: '0+', fields: [
      { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+' },
      { name: 'topicId', type: 'uuid', versions: '6+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    ] },
  ],
};
