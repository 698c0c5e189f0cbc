// EndTxn (api key 26): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const endTxnRequest: MessageSpec = {
  apiKey: 26, name: 'EndTxnRequest', validVersions: '0-5', flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'committed', type: 'bool', versions: '0+' },
  ],
};

export const endTxnResponse: MessageSpec = {
  apiKey: 26, name: 'EndTxnResponse', validVersions: '0-5', flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '5+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '5+', default: -1 },
  ],
};
