// AddOffsetsToTxn (api key 25): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const addOffsetsToTxnRequest: MessageSpec = {
  apiKey: 25, name: 'AddOffsetsToTxnRequest', validVersions: '0-4', flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
  ],
};

export const addOffsetsToTxnResponse: MessageSpec = {
  apiKey: 25, name: 'AddOffsetsToTxnResponse', validVersions: '0-4', flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
};
