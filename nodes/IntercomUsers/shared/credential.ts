/** The access-token credential: the node's default, and every saved workflow's without Authentication. */
export const CREDENTIAL_TYPE = 'intercomAccessTokenApi';

/** The credential of an Intercom public app connected through OAuth. */
export const PUBLIC_APP_CREDENTIAL_TYPE = 'intercomOAuth2Api';

/** The credential type of each value of the node's Authentication. */
export const CREDENTIAL_TYPES = {
	accessToken: CREDENTIAL_TYPE,
	oAuth2: PUBLIC_APP_CREDENTIAL_TYPE,
} as const;

/** The node's Authentication values. */
export type Authentication = keyof typeof CREDENTIAL_TYPES;

/** The credential type the node's Authentication picks (anything else: the access token). */
export function credentialTypeFor(authentication: unknown): string {
	return authentication === 'oAuth2' ? CREDENTIAL_TYPES.oAuth2 : CREDENTIAL_TYPE;
}
