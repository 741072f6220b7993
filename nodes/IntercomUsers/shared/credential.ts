/**
 * The credential type whose authentication every Intercom request uses
 * (`credentials/IntercomAccessTokenApi.credentials.ts`: a Bearer access token
 * and the workspace's region).
 */
export const CREDENTIAL_TYPE = 'intercomAccessTokenApi';
