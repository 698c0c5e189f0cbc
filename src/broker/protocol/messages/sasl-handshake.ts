// SaslHandshake (api key 17): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const saslHandshakeRequest: MessageSpec = {
  apiKey: 17, name: 'SaslHandshakeRequest', validVersions: '0-1', flexibleVersions: 'none',
  fields: [
    { name: 'mechanism', type: 'string', versions: '0+' },
  ],
};

export const saslHandshakeResponse: MessageSpec = {
  apiKey: 17, name: 'SaslHandshakeResponse', validVersions: '0-1', flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'mechanisms', type: 'array', items: 'string', versions: '0+' },
  ],
};
