import './isolate';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	INode,
	INodeType,
	INodeTypes,
	IWorkflowBase,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { additionalDataFor } from './engine';
import { loadPackage } from './nodeTypes';

/** Outcome of a credential test, as n8n's credentials tester returns it (its `INodeCredentialTestResult`). */
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests a credential the way n8n 2.41.1's `CredentialsTester.runRequestTest`
 * (packages/cli/src/services/credentials-tester.service.ts) tests one with a `test`
 * request: the request becomes the `routing.request` of a property `temp` of a copy of
 * the No Operation node, n8n-core's `RoutingNode` runs it with an `ExecuteContext` for
 * one empty item, so `$credentials` expressions resolve and the credential's
 * `authenticate` applies, and the request is sent for real. Its answer is read as the
 * tester reads it: OK (`Connection successful!`); for a failure with an HTTP answer, the
 * message of the test's `responseCode` rule for that status, else the status text (or
 * `Received HTTP status code: <n>`); for a failure with an error code and no answer,
 * the bare code (e.g. `ERR_INVALID_URL`, `ECONNREFUSED`); otherwise the error's message.
 */
export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const credential = (await loadPackage()).credentials[type];
	if (!credential?.test) throw new Error(`Credential type "${type}" has no test request`);
	const testRequest = credential.test;
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'tested',
		name: 'Tested credential',
		type,
		data,
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (_name, version) =>
			NodeHelpers.getVersionedNodeType(nodeTypeCopy, version),
		getKnownTypes: (): IDataObject => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowData = {
		id: 'credential-test',
		name: 'Credential test',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase;
	const additionalData = additionalDataFor(
		new ExecutionLifecycleHooks('internal', `credential-test-${Date.now()}`, workflowData),
		new HarnessCredentialsHelper({ [type]: credential }, { [type]: data }),
	);
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);
	try {
		await workflow.expression.acquireIsolate();
		await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return {
					status: 'Error',
					message: statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	} finally {
		await workflow.expression.releaseIsolate();
	}
	return { status: 'OK', message: 'Connection successful!' };
}
