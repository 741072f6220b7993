import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/**
 * A credentials helper for running workflows outside the n8n application.
 * It hands out plain (already decrypted) credential data by type, and applies a
 * credential type's `authenticate` the way n8n's own helper does: a function is
 * called; a generic description has every key and value of its `properties`
 * (headers, qs, body, auth) resolved as an n8n expression with `$credentials`,
 * then merged into the request. Without this, the Bearer header is missing. An OAuth2
 * type (extending `oAuth2Api`) is signed by n8n-core itself from the given `oauthTokenData`.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		const parents = this.types[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.types[typeName]?.authenticate;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate.type !== 'generic') return options;
		if (!workflow || !node) {
			throw new Error('Generic credential authentication needs the workflow and node');
		}
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', {
						$credentials: credentials,
					})
				: value;
		const target = options as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			if (!entries) continue;
			const merged: Record<string, unknown> = { ...(target[section] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				merged[String(resolve(key))] = resolve(value);
			}
			target[section] = merged;
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials(${type}) is not available in the harness`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No credentials of type "${type}" were given to the harness`);
		return { ...this.hiddenDefaults(type), ...data };
	}

	/**
	 * The plain defaults of a type's hidden fields (an OAuth2 credential's grant type, client
	 * authentication, scope), as n8n adds them to stored data; expression defaults are left out.
	 */
	private hiddenDefaults(type: string): ICredentialDataDecryptedObject {
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.types[type]?.properties ?? []) {
			const value = property.default;
			if (property.type !== 'hidden' || (typeof value === 'string' && value.startsWith('=')))
				continue;
			defaults[property.name] = value as ICredentialDataDecryptedObject[string];
		}
		return defaults;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}
}
