// InitProducerId (api key 22): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const initProducerIdRequest: MessageSpec = {
  apiKey: 22, name: 'InitProducerIdRequest', validVersions: '0-5', flexibleVersions: '2+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '3+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
};

export const initProducerIdResponse: MessageSpec = {
  apiKey: 22, name: 'InitProducerIdResponse', validVersions: '0-5', flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
  ],
};
