import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The n8n expression that turns this credential's Region (and, for Custom, its
 * Base URL) into the API host every request goes to: `https://api.intercom.io`,
 * `https://api.eu.intercom.io`, `https://api.au.intercom.io`, or the custom URL
 * without trailing slashes. Intercom API, "Regional hosting": a token only works
 * on its own workspace's region host. Used by the credential test; the node
 * computes the same with {@link intercomBaseUrl}.
 */
export const INTERCOM_BASE_URL_EXPRESSION =
	'={{ $credentials.region === "custom" ? String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") : $credentials.region }}';

/**
 * The API host of a decrypted credential, as {@link INTERCOM_BASE_URL_EXPRESSION}
 * computes it for the credential test: the Region's URL, or for Custom the Base URL
 * trimmed and without trailing slashes (`''` when missing). The node derives it once
 * per run from the credential it has read (no expression to evaluate per item).
 *
 * @param data the credential's decrypted fields (`region`, `baseUrl`)
 */
export function intercomBaseUrl(data: ICredentialDataDecryptedObject | undefined): string {
	const region = data?.region;
	if (region === 'custom')
		return String(data?.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return typeof region === 'string' ? region : String(region ?? '');
}

/** Whether a URL begins with a scheme (`https://`, `ftp://`, …). */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Checks a base URL such as {@link intercomBaseUrl} gives. It must be an absolute
 * http(s) URL without user name, password, query or fragment, since the request path
 * is appended to it. Returns what is wrong, naming the credential's Base URL field, or
 * undefined when it is usable. The URL itself is not echoed back: a mistyped one may
 * hold a secret. A value without a scheme (`api.intercom.io`, `localhost:8080`) gets
 * "must start with http:// or https://", not n8n's bare `ERR_INVALID_URL`.
 *
 * @param baseURL the base URL, e.g. `https://proxy.example.com/intercom`
 */
export function baseUrlProblem(baseURL: unknown): string | undefined {
	if (typeof baseURL !== 'string' || baseURL === '') {
		return "The credential's Base URL is empty. Enter the URL of your proxy, or pick a region.";
	}
	if (!HAS_SCHEME.test(baseURL)) {
		return "The credential's Base URL must start with http:// or https://.";
	}
	let url: URL;
	try {
		url = new URL(baseURL);
	} catch {
		return "The credential's Base URL is not a valid URL. Enter it as https://host[:port][/path].";
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return "The credential's Base URL must start with http:// or https://.";
	}
	if (url.username || url.password) {
		return "The credential's Base URL must not contain a user name or password.";
	}
	if (url.search || url.hash || /[?#]/.test(baseURL)) {
		return "The credential's Base URL must not contain a query (?…) or fragment (#…).";
	}
	return undefined;
}

/**
 * Credential type `intercomAccessTokenApi`: an Intercom access token (sent as
 * `Authorization: Bearer <token>`) plus the workspace's data region.
 * Intercom API, Authentication: access tokens replaced API keys in 2018.
 * The `test` request is `GET /me` on the chosen region's host, which answers
 * 200 with the admin for a valid token and 401 `unauthorized` otherwise.
 * {@link IntercomAccessTokenApi.authenticate} refuses, before anything is sent, a
 * request to an unusable Custom Base URL, so the Test says what is wrong with it.
 */
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
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'Australia (api.au.intercom.io)', value: 'https://api.au.intercom.io' },
				{ name: 'Custom', value: 'custom' },
				{ name: 'Europe (api.eu.intercom.io)', value: 'https://api.eu.intercom.io' },
				{ name: 'United States (api.intercom.io)', value: 'https://api.intercom.io' },
			],
			default: 'https://api.intercom.io',
			description: 'Where your Intercom workspace is hosted. A token only works on its own region.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://intercom-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description:
				'The address of a proxy or gateway in front of Intercom, e.g. https://proxy.example.com/intercom. It must start with http:// or https:// (without it, the Test says so and sends nothing), and holds no user name, password, query or fragment. Requests go to this address plus the API path, e.g. /users.',
		},
	];

	/**
	 * Adds `Authorization: Bearer <access token>` to a request (Intercom API,
	 * Authentication). n8n calls it for every request made with this credential, the
	 * credential's Test included, right before sending. A request aimed at this
	 * credential's own base URL ({@link intercomBaseUrl}) is refused when that URL is
	 * unusable ({@link baseUrlProblem}): the error names the Base URL field and nothing is
	 * sent. n8n's credential test shows that message instead of a bare `ERR_INVALID_URL`.
	 *
	 * @param credentials the decrypted credential (`accessToken`, `region`, `baseUrl`)
	 * @param requestOptions the request n8n is about to send; its `headers` are extended
	 * @throws Error when the request goes to this credential's base URL and that URL is unusable
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const own = intercomBaseUrl(credentials);
		if (requestOptions.baseURL === own) {
			const problem = baseUrlProblem(own);
			if (problem) throw new Error(`${problem} Nothing was sent.`);
		}
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
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
}
