import type { ICredentialDataDecryptedObject, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow } from './engine';
import { loadPackage } from './nodeTypes';

/** Outcome of a credential test, shaped like n8n's "Test" button result. */
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
	description?: string;
	httpCode?: string;
}

/**
 * Runs a credential type's declarative `test` request the way n8n's credential
 * tester does: as the requestDefaults of a throw-away declarative node, so the
 * engine resolves `$credentials` expressions, applies `authenticate` and sends
 * the request for real. Resolves with OK; on failure, with the message of the
 * test's `responseCode` rule for that HTTP status (as n8n's tester does), else
 * the n8n error's message.
 */
export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const credential = (await loadPackage()).credentials[type];
	if (!credential?.test) throw new Error(`Credential type "${type}" has no test request`);
	const testNode: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Sends a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type, required: true }],
			requestDefaults: credential.test.request,
			properties: [],
		},
	};
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'credential-test',
					name: 'Credential Test',
					type: 'harness.credentialTest',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					credentials: { [type]: { id: 'tested', name: 'Tested credential' } },
				},
			],
			connections: {},
		},
		credentials: { [type]: data },
		extraNodeTypes: { 'harness.credentialTest': testNode },
	});
	const error = result.error as
		(Error & { description?: string | null; httpCode?: string | null }) | undefined;
	if (!error) return { status: 'OK', message: 'Connection tested successfully' };
	const rule = credential.test.rules?.find(
		(candidate) =>
			candidate.type === 'responseCode' &&
			String(candidate.properties.value) === String(error.httpCode),
	);
	return {
		status: 'Error',
		message: rule && 'message' in rule.properties ? rule.properties.message : error.message,
		description: error.description ?? undefined,
		httpCode: error.httpCode ?? undefined,
	};
}
