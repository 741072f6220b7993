import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	INTERCOM_AUTHORIZE_URL_EXPRESSION,
	INTERCOM_CREDENTIAL_TEST,
	INTERCOM_REGION_PROPERTIES,
	INTERCOM_TOKEN_URL_EXPRESSION,
} from './IntercomAccessTokenApi.credentials';

/**
 * An Intercom public app connected through OAuth (one app, many workspaces); n8n's OAuth2
 * handling sends the token as a Bearer header. Tested with `GET /me` like the access token.
 */
export class IntercomOAuth2Api implements ICredentialType {
	name = 'intercomOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Intercom OAuth2 API';

	icon: Icon = { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' };

	documentationUrl =
		'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth';

	properties: INodeProperties[] = [
		...INTERCOM_REGION_PROPERTIES,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			// Custom: the proxy must serve Intercom's authorize page at <Base URL>/oauth.
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: INTERCOM_AUTHORIZE_URL_EXPRESSION,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: INTERCOM_TOKEN_URL_EXPRESSION,
			required: true,
		},
		{
			// Intercom grants the permissions set on the app in its Developer Hub, not per request.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Intercom reads client_id and client_secret from the token request's body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = INTERCOM_CREDENTIAL_TEST;
}
