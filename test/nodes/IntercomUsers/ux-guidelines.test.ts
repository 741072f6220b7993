/**
 * n8n's UX guidelines for community nodes, the rules a program can check, over every field of
 * the node and the credential (nested options included): docs/verification.md links here.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { IntercomAccessTokenApi } from '../../../credentials/IntercomAccessTokenApi.credentials';
import { IntercomUsers } from '../../../nodes/IntercomUsers/IntercomUsers.node';

const { description } = new IntercomUsers();
const credential = new IntercomAccessTokenApi();

/** Every field, with the fields inside collections, of the node and the credential. */
function allFields(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allFields(
			((property.options ?? []) as Array<INodeProperties | INodePropertyOptions>).filter(
				(option): option is INodeProperties => 'displayName' in option,
			),
		),
	]);
}

const FIELDS = [...allFields(description.properties), ...allFields(credential.properties)];
const SHOWN = FIELDS.filter((field) => field.type !== 'notice');
const CHOICES = SHOWN.flatMap((field) =>
	((field.options ?? []) as Array<INodeProperties | INodePropertyOptions>).filter(
		(option): option is INodePropertyOptions => 'value' in option,
	),
);
const OPERATIONS = CHOICES.filter((choice) => 'action' in choice);

const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'at',
	'by',
	'for',
	'in',
	'of',
	'on',
	'or',
	'the',
	'to',
]);

/** Title Case: every word outside parentheses starts with a capital, but short small words. */
function isTitleCase(text: string): boolean {
	const words = text
		.replace(/\([^)]*\)/g, '')
		.split(/\s+/)
		.filter(Boolean);
	return words.every((word, index) => !/^[a-z]/.test(word) || (index > 0 && SMALL_WORDS.has(word)));
}

/** One sentence: no full stop followed by another sentence. */
const oneSentence = (text: string) => !/[.!?] [A-Z]/.test(text.replace(/e\.g\. /g, ''));

describe("n8n's UX guidelines, checked on every field", () => {
	it('booleans: the description starts with "Whether"', () => {
		const booleans = SHOWN.filter((field) => field.type === 'boolean');
		expect(booleans.length).toBeGreaterThanOrEqual(7);
		expect(
			booleans.filter((field) => !field.description?.startsWith('Whether ')).map((f) => f.name),
		).toEqual([]);
	});

	it('placeholders of value fields start with "e.g."', () => {
		const valued = SHOWN.filter(
			(field) => field.placeholder && !['collection', 'fixedCollection'].includes(field.type),
		);
		expect(valued.length).toBeGreaterThanOrEqual(6);
		expect(
			valued.filter((field) => !field.placeholder?.startsWith('e.g. ')).map((f) => f.name),
		).toEqual([]);
	});

	it('display names and choice names are in Title Case', () => {
		const names = [
			...SHOWN.map((field) => field.displayName),
			...CHOICES.map((choice) => choice.name),
		];
		expect(names.filter((name) => !isTitleCase(name))).toEqual([]);
	});

	it('descriptions are one sentence; longer explanations are hints', () => {
		const texts = [...SHOWN, ...CHOICES].map((field) => field.description ?? '');
		expect(texts.filter((text) => !oneSentence(text))).toEqual([]);
		expect(oneSentence(description.description)).toBe(true);
	});

	it('hints are in sentence case', () => {
		const hints = SHOWN.flatMap((field) => (field.hint ? [field.hint] : []));
		expect(hints.length).toBeGreaterThanOrEqual(5);
		expect(hints.filter((hint) => !/^[A-Z]|^[a-z]+[A-Z]?\w*: /.test(hint))).toEqual([]);
	});

	it('operations: Title Case names, actions in sentence case without articles that name the user, descriptions that name it too', () => {
		expect(OPERATIONS.map((operation) => operation.name)).toEqual([
			'Archive',
			'Get',
			'Get Many',
			'Permanently Delete',
			'Unarchive',
		]);
		for (const { action, description: text } of OPERATIONS) {
			expect(action).toMatch(/^[A-Z][a-z]*( [a-z]+)* users?$/);
			expect(action).not.toMatch(/\b(a|an|the)\b/);
			expect(text).toMatch(/\busers?\b/);
		}
	});

	it("Return All and Limit use the wording of n8n's own nodes", () => {
		const returnAll = SHOWN.find((field) => field.name === 'returnAll');
		const limits = SHOWN.filter((field) => field.name === 'limit');
		expect(returnAll?.description).toBe(
			'Whether to return all results or only up to a given limit',
		);
		expect(limits.map((limit) => limit.description)).toEqual([
			'Max number of results to return',
			'Max number of results to return',
		]);
	});

	it('the access token is a password field', () => {
		const token = credential.properties.find((field) => field.name === 'accessToken');
		expect(token?.typeOptions?.password).toBe(true);
	});
});
