import type { IDataObject, INode, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { outcomeOf } from '../intercom/errors';
import type { SelectBy, Target, UserOperation } from '../shared/types';
import { SELECT_BY } from '../shared/types';
import { OPERATION_WORDS } from '../shared/vocabulary';
import { NO_REQUEST_SENT } from '../shared/words';
import { NOTHING_CHANGED } from '../intercom/words/phrases';
import {
	BUILDER,
	CREDENTIAL,
	DRY_RUN,
	LATER,
	LEADS,
	MAYBE,
	NOT_SENT,
	RESTORED,
	UNSURE,
} from '../intercom/words/tool';

/**
 * What a model gets back when the node runs as an AI tool. n8n's AI Agent hands the model only
 * a failed call's message (the MCP Server Trigger appends the description), so as a tool the
 * message itself says what happened, why, and what the model can do next, in at most
 * {@link TOOL_TEXT_LIMIT} characters; the description repeats its explanation (so n8n appends
 * nothing more).
 */
export const TOOL_TEXT_LIMIT = 400;

/** True when the node runs as the tool variant (n8n names that type `<node>Tool`). */
export function isToolNode(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/** Who the failed call was about. */
export interface ToolAbout {
	operation: UserOperation;
	dryRun: boolean;
	target?: Target;
	selector?: SelectBy;
}

type ToolError = NodeApiError | NodeOperationError;

/**
 * Network codes n8n looks for anywhere in an error's message (case-insensitive) to replace the
 * whole message with its own sentence; a value holding one (`deeperman@…`) is left out.
 */
const N8N_REWRITES =
	/ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|ERRADDRINUSE|EADDRNOTAVAIL|ECONNABORTED|EHOSTUNREACH|EAI_AGAIN|ENOENT|EISDIR|ENOTDIR|EACCES|EEXIST|EPERM|GETADDRINFO/i;

const VALUE_LIMIT = 80;

/** `Email "ann@example.com"`, shortened; `the Email given` when n8n would rewrite a message holding it. */
function named(about: ToolAbout): string {
	const by = about.target?.by ?? about.selector ?? 'email';
	const { label } = SELECT_BY[by];
	const value = about.target?.value;
	if (value === undefined || N8N_REWRITES.test(value)) return `the ${label} given`;
	const shown = value.length > VALUE_LIMIT ? `${value.slice(0, VALUE_LIMIT)}…` : value;
	return `${label} "${shown}"`;
}

/** Why nobody was found, per operation: may already be done. */
function notFoundReason(about: ToolAbout, intercom: IDataObject): string {
	const who = named(about);
	const by = about.target?.by ?? about.selector;
	if (typeof intercom.leads === 'number' && intercom.leads > 0) {
		return `No user has ${who}: only a lead has it. ${LEADS}`;
	}
	if (about.operation === 'unarchive') {
		return `No user has ${who}: it may have been permanently deleted, or the ID is wrong.`;
	}
	if (about.operation === 'permanentlyDelete') {
		return by === 'id'
			? `No user or lead has ${who}, active or archived: it may already be deleted.`
			: `No active user has ${who}: the user may already be deleted, or be archived (an archived user is found by Intercom ID only).`;
	}
	const lookup = by === 'id' ? '' : ' Archived users are found by Intercom ID only.';
	return `No active user has ${who}: the user may already be archived or deleted, or never existed.${lookup}`;
}

/** What the model can do about several matches with the values this tool takes. */
function conflictAdvice(about: ToolAbout, node: INode): string {
	const by = about.target?.by ?? about.selector ?? 'email';
	const other = by === 'userId' ? 'Intercom ID' : 'Intercom ID or user_id';
	const selector = node.parameters.archiveBy;
	if (typeof selector === 'string' && selector.startsWith('=')) {
		return `Call again by ${other} instead (ask the person for it).`;
	}
	return `This tool finds users by ${SELECT_BY[by].label} only: ask the person for the user's ${other}, and ask the workflow's builder for a tool that takes it.`;
}

function conflictText(about: ToolAbout, node: INode, intercom: IDataObject): string[] {
	const done = OPERATION_WORDS[about.operation].pastTense;
	const ids = Array.isArray(intercom.candidates) ? (intercom.candidates as string[]) : [];
	return [
		`Several users have ${named(about)} (conflict), so nobody was ${done}.`,
		ids.length ? `Their Intercom IDs: ${ids.slice(0, 3).join(', ')}.` : '',
		conflictAdvice(about, node),
	];
}

/** True when the model filled in the value field (`$fromAI`), so it can call again with another. */
function modelFilled(about: ToolAbout, node: INode): boolean {
	const by = about.target?.by ?? about.selector;
	const raw = by ? node.parameters[SELECT_BY[by].parameter] : undefined;
	return typeof raw === 'string' && /\$fromai\s*\(/i.test(raw);
}

/** A refusal before any request: the model's own value, the deletion confirmation, or the setup. */
function refusalText(error: ToolError, about: ToolAbout, node: INode): string[] {
	const head = `Refused: ${headOf(error)}`;
	if (error.message.startsWith('Permanent deletion')) {
		const why = error.message.includes('must be confirmed')
			? 'a confirmation from the model does not count'
			: 'it is off in this tool';
		return [
			`Refused: permanent deletion needs 'Confirm Permanent Deletion' switched on in the node by the workflow's builder; ${why}.`,
			'No request was sent; nobody was deleted.',
		];
	}
	if (about.target === undefined && about.selector !== undefined) {
		const next = modelFilled(about, node)
			? 'Call again with the corrected value.'
			: "The value comes from the workflow, not from the model: tell the workflow's builder.";
		return [head, NOT_SENT, next];
	}
	return [head, NOT_SENT, BUILDER];
}

/** What became of the user, from the error's own description (or Intercom's refusal). */
function changeOf(error: ToolError, about: ToolAbout, status: number): string {
	const description = error.description ?? '';
	if (/now unarchived/.test(description)) return RESTORED;
	if (about.dryRun) return DRY_RUN;
	if (/was not sent|were not sent/.test(description)) return NOT_SENT;
	if (/Nothing confirms/.test(description)) return MAYBE;
	if (/nothing was (changed|deleted)/i.test(description)) return NOTHING_CHANGED;
	return status >= 400 && status < 600 ? NOTHING_CHANGED : UNSURE;
}

/** What happened when Intercom answered an error, or nothing usable, and what to do next. */
function answeredText(error: ToolError, about: ToolAbout, intercom: IDataObject): string[] {
	const status = Number((error as { httpCode?: string | null }).httpCode);
	const lead = /is a lead, not a user/.test(error.message);
	const next =
		status === 401 || status === 403 || status === 410 || /redirect|TLS/.test(error.message)
			? CREDENTIAL
			: intercom.refused === 'waitTooLong'
				? 'Try again once that wait is over.'
				: status === 429 || status >= 500 || /not sent|refused/.test(error.description ?? '')
					? LATER
					: '';
	return [headOf(error), lead ? LEADS : '', changeOf(error, about, status), next];
}

/** The sentences a model gets for the error, most important first. */
function toolSentences(error: ToolError, about: ToolAbout, node: INode): string[] {
	const intercom = ((error.context as IDataObject | undefined)?.intercom ?? {}) as IDataObject;
	const outcome = outcomeOf(error);
	const head = headOf(error);
	const done = OPERATION_WORDS[about.operation].pastTense;
	const afterwards = about.dryRun ? DRY_RUN : NOTHING_CHANGED;
	if (outcome === 'cancelled') return [head, NOT_SENT];
	if (outcome === 'unknown') {
		const again =
			about.operation === 'unarchive'
				? 'Calling again is safe.'
				: `Calling again is safe: a user already ${done} is then not found.`;
		return [head, MAYBE, again];
	}
	if (outcome === 'probablyDone') {
		return [
			head,
			'The first attempt got no clear answer; the repeat found no such user. Do not call again for this user.',
		];
	}
	if (outcome === 'notFound') return [head, notFoundReason(about, intercom), afterwards];
	if (intercom.code === 'conflict') {
		return [...conflictText(about, node, intercom), about.dryRun ? DRY_RUN : ''];
	}
	if ((error.description ?? '').includes(NO_REQUEST_SENT)) {
		return refusalText(error, about, node);
	}
	return answeredText(error, about, intercom);
}

/** Joins sentences; past the limit, the first (which may quote a long value) is cut short. */
function fitted(sentences: string[]): string {
	const kept = sentences.filter(Boolean);
	const text = kept.join(' ');
	if (text.length <= TOOL_TEXT_LIMIT) return text;
	const rest = kept.slice(1).join(' ');
	const room = TOOL_TEXT_LIMIT - rest.length - 2;
	return room >= 40
		? `${kept[0].slice(0, room)}… ${rest}`
		: `${text.slice(0, TOOL_TEXT_LIMIT - 1)}…`;
}

/** The error's message without a word n8n would replace the whole message for (see {@link N8N_REWRITES}). */
function headOf(error: ToolError): string {
	const words = error.message.replace(/\.$/, '').split(' ');
	return `${words.filter((word) => !N8N_REWRITES.test(word)).join(' ')}.`;
}

/**
 * Rewrites a failed tool call's error for the model: the message says the outcome and the
 * reason (and what the model can do), and names no item; the description is its explanation.
 */
export function wordForModel(error: ToolError, about: ToolAbout, node: INode): void {
	const sentences = toolSentences(error, about, node);
	const message = fitted(sentences);
	error.message = message;
	const head = sentences.find(Boolean) ?? '';
	const explanation = message.startsWith(head) ? message.slice(head.length).trim() : '';
	error.description = explanation || null;
}
