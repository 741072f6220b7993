/** The credential type every Intercom request authenticates with. */
export const CREDENTIAL_TYPE = 'intercomAccessTokenApi';
