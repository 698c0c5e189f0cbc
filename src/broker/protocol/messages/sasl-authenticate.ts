// SaslAuthenticate (api key 36): request and response layouts per version.
import type { MessageSpec } from '../message-spec.js';

export const saslAuthenticateRequest: MessageSpec = {
  apiKey: 36, name: 'SaslAuthenticateRequest', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'authBytes', type: 'bytes', versions: '0+' },
  ],
};

export const saslAuthenticateResponse: MessageSpec = {
  apiKey: 36, name: 'SaslAuthenticateResponse', validVersions: '0-2', flexibleVersions: '2+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'authBytes', type: 'bytes', versions: '0+' },
    { name: 'sessionLifetimeMs', type: 'int64', versions: '1+', default: 0 },
  ],
};
