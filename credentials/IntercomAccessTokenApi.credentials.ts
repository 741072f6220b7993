import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** Intercom's regions: the API host (the Region's value) and the host of its OAuth authorize page. */
export const INTERCOM_REGIONS = [
	{
		name: 'Australia (api.au.intercom.io)',
		api: 'https://api.au.intercom.io',
		app: 'https://app.au.intercom.com',
	},
	{
		name: 'Europe (api.eu.intercom.io)',
		api: 'https://api.eu.intercom.io',
		app: 'https://app.eu.intercom.com',
	},
	{
		name: 'United States (api.intercom.io)',
		api: 'https://api.intercom.io',
		app: 'https://app.intercom.com',
	},
] as const;

/** The API host as an expression on a credential's fields (`$credentials` when used, `$self` in its own form). */
function baseUrlExpression(fields: '$credentials' | '$self'): string {
	return `(${fields}.region === "custom" ? String(${fields}.baseUrl ?? "").trim().replace(/\\/+$/, "") : ${fields}.region)`;
}

/** The credential test's API host (a token works only on its region's host); see {@link intercomBaseUrl}. */
export const INTERCOM_BASE_URL_EXPRESSION = `={{ ${baseUrlExpression('$credentials')} }}`;

/** The OAuth2 authorize page: the region's app host, or `<Base URL>/oauth` for Custom. */
export const INTERCOM_AUTHORIZE_URL_EXPRESSION = `={{ ${INTERCOM_REGIONS.reduce(
	(otherwise, region) => `$self.region === "${region.api}" ? "${region.app}/oauth" : ${otherwise}`,
	`${baseUrlExpression('$self')} + "/oauth"`,
)} }}`;

/** Intercom's token exchange on the region's API host (Custom: `<Base URL>/auth/eagle/token`). */
export const INTERCOM_TOKEN_URL_EXPRESSION = `={{ ${baseUrlExpression('$self')} + "/auth/eagle/token" }}`;

/** The API host as {@link INTERCOM_BASE_URL_EXPRESSION} computes it (`''` when missing). */
export function intercomBaseUrl(data: ICredentialDataDecryptedObject | undefined): string {
	const region = data?.region;
	if (region === 'custom')
		return String(data?.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return typeof region === 'string' ? region : String(region ?? '');
}

export const BASE_URL_SCHEME_NOTICE =
	'This Base URL does not start with http:// or https://. Write it as https://host[:port][/path]: without the scheme the Test fails (ERR_INVALID_URL), and the node refuses it before sending anything.';

export const WITHOUT_HTTP_SCHEME = '^(?![hH][tT][tT][pP][sS]?://).+';

const regionOption = ({ name, api }: (typeof INTERCOM_REGIONS)[number]) => ({ name, value: api });

/** Region, the Base URL Custom shows and the notice under a Base URL without its scheme: both credentials have them. */
export const INTERCOM_REGION_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Region',
		name: 'region',
		type: 'options',
		options: [
			...INTERCOM_REGIONS.slice(0, 1).map(regionOption),
			{ name: 'Custom', value: 'custom' },
			...INTERCOM_REGIONS.slice(1).map(regionOption),
		],
		default: 'https://api.intercom.io',
		description: 'Where your Intercom workspace is hosted (a token works only in its own region)',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://intercom-proxy.example.com',
		required: true,
		displayOptions: { show: { region: ['custom'] } },
		description:
			'The address of a proxy or gateway in front of Intercom; it must start with http:// or https://',
		hint: 'No user name, password, query or fragment. Requests go to this address plus the API path, e.g. /users.',
	},
	{
		// n8n's Test reports a URL without a scheme only as ERR_INVALID_URL: say it earlier.
		displayName: BASE_URL_SCHEME_NOTICE,
		name: 'baseUrlSchemeNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: {
				region: ['custom'],
				baseUrl: [{ _cnd: { regex: WITHOUT_HTTP_SCHEME } }],
			},
		},
	},
];

/** `GET /me` on the region's host, never following a redirect: the Test of both credentials. */
export const INTERCOM_CREDENTIAL_TEST: ICredentialTestRequest = {
	request: {
		baseURL: INTERCOM_BASE_URL_EXPRESSION,
		url: '/me',
		headers: { Accept: 'application/json' },
		// Never follow a redirect (n8n's helper would send the token to the other origin).
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	},
	rules: [
		...[301, 302, 303, 307, 308].map((value) => ({
			type: 'responseCode' as const,
			properties: {
				value,
				message: `The Base URL answered with a redirect (HTTP ${value}), which the test does not follow: the token was not sent to the other address. Intercom's API does not redirect; check the Region and the Base URL (a proxy or a login page may be in between).`,
			},
		})),
		{
			type: 'responseCode',
			properties: {
				value: 401,
				message:
					'Intercom rejected the access token (401 unauthorized). Check the token, and that it is not revoked or expired.',
			},
		},
		{
			type: 'responseCode',
			properties: {
				value: 403,
				message:
					'Intercom refused the token here (403). If your workspace is hosted in the EU or Australia, pick that region.',
			},
		},
	],
};

/** An Intercom access token (Bearer) and the workspace's region; tested with `GET /me`. */
export class IntercomAccessTokenApi implements ICredentialType {
	name = 'intercomAccessTokenApi';

	displayName = 'Intercom Access Token API';

	icon: Icon = { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' };

	documentationUrl =
		'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Access token of your Intercom app (Developer Hub → your app → Authentication).',
		},
		...INTERCOM_REGION_PROPERTIES,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = INTERCOM_CREDENTIAL_TEST;
}
