/**
 * The runner's fast path for a plain field reference (`={{ $json.email }}`,
 * `={{ $json["user id"] }}`; issue 18) must give exactly what n8n's own evaluation
 * gives. Property test: generated field names (ASCII, spaces, non-ASCII) and items
 * (missing fields, strings, numbers, booleans, nulls, nested objects, arrays) run
 * through n8n's real engine; for every item, a hook in place of the node's runner
 * compares `readFast` with `getNodeParameter` on the same item.
 */
import fc from 'fast-check';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeType,
} from 'n8n-workflow';

import { fieldReference, readFast } from '../nodes/IntercomUsers/actions/parameters';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { loadPackage } from '../tools/n8n-harness/nodeTypes';
import { nodeWorkflow } from './helpers';

const NODE_TYPE = 'n8n-nodes-intercom-users.intercomUsers';

interface Comparison {
	itemIndex: number;
	n8n: unknown;
	fast: { value: unknown } | undefined;
}

/** The package's node type with its runner replaced by a comparison (no request is sent). */
async function comparingNodeType(raw: string, seen: Comparison[]): Promise<INodeType> {
	const original = (await loadPackage()).nodes[NODE_TYPE];
	const hook = async function (
		this: IExecutePaginationFunctions,
		_requestData: DeclarativeRestApiSettings.ResultOptions,
	) {
		seen.push({
			itemIndex: this.getItemIndex(),
			n8n: this.getNodeParameter('email', ''),
			fast: readFast(raw, this, ''),
		});
		return [{ json: {}, pairedItem: { item: this.getItemIndex() } }];
	};
	return {
		description: {
			...original.description,
			requestOperations: { pagination: hook as never },
		},
	};
}

const name = fc.oneof(
	fc.constantFrom('email', 'user id', 'é-mail', 'a.b', '_', '$x', 'constructor', 'toString'),
	fc.string({ minLength: 1, maxLength: 8 }),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
);
const value = fc.oneof(
	fc.string(),
	fc.integer(),
	fc.double({ noNaN: true }),
	fc.boolean(),
	fc.constant(null),
	fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
	fc.array(fc.integer(), { maxLength: 2 }),
);

/** The raw parameter values that reference `field`, in the forms users write. */
function references(field: string): string[] {
	const forms: string[] = [];
	if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(field)) {
		forms.push(`={{ $json.${field} }}`, `={{$json.${field}}}`, `={{  $json . ${field}\t}}`);
	}
	if (!/["\\]/.test(field)) forms.push(`={{ $json["${field}"] }}`);
	if (!/['\\]/.test(field)) forms.push(`={{$json[ '${field}' ]}}`);
	return forms;
}

describe('the fast path of a plain field reference equals n8n’s evaluation', () => {
	it('recognises exactly the plain references', () => {
		expect(fieldReference('={{ $json.email }}')).toBe('email');
		expect(fieldReference('={{ $json["user id"] }}')).toBe('user id');
		expect(fieldReference("={{$json['é']}}")).toBe('é');
		for (const other of [
			'={{ $json.email.trim() }}',
			'={{ $json.a.b }}',
			'={{ $json["a\\"b"] }}',
			'={{ $("Trigger").item.json.email }}',
			'{{ $json.email }}',
			'=x{{ $json.email }}',
			'={{ $json.email }} ',
			'={{ $json.é }}',
			'={{ $json.constructor }}',
			'={{ $json["__proto__"] }}',
			// A line break inside a quoted name is a syntax error in n8n's expression.
			'={{ $json["a\nb"] }}',
			"={{ $json['\r'] }}",
			'={{ $json["\u2028"] }}',
			'wash@serenity.io',
		]) {
			expect(fieldReference(other)).toBeUndefined();
		}
	});

	it('gives the same value for generated items and field names, through n8n’s engine', async () => {
		await fc.assert(
			fc.asyncProperty(
				name.filter((field) => references(field).length > 0),
				fc.array(fc.record({ present: fc.boolean(), value }), { minLength: 1, maxLength: 12 }),
				fc.nat(),
				async (field, rows, pick) => {
					const forms = references(field);
					const raw = forms[pick % forms.length];
					const items: IDataObject[] = rows.map(({ present, value: v }, index) =>
						present ? { [field]: v as IDataObject[string], other: index } : { other: index },
					);
					const seen: Comparison[] = [];
					const result = await runWorkflow({
						workflow: nodeWorkflow({ archiveBy: 'email', email: raw }),
						items,
						credentials: {
							intercomAccessTokenApi: {
								accessToken: 'x'.repeat(8),
								region: 'custom',
								baseUrl: 'http://127.0.0.1:9',
							},
						},
						extraNodeTypes: { [NODE_TYPE]: await comparingNodeType(raw, seen) },
					});
					if (result.error) {
						// n8n refused the expression itself (its sandbox): it fails before the runner runs.
						expect(fieldReference(raw)).toBeUndefined();
						return;
					}
					expect(seen.map((c) => c.itemIndex)).toEqual(items.map((_item, index) => index));
					for (const comparison of seen) {
						// Where the fast path answers, it answers exactly n8n's value.
						if (comparison.fast) expect(comparison.fast.value).toStrictEqual(comparison.n8n);
					}
					// It answers for every scalar or missing field of a name it takes, the common case.
					const taken = fieldReference(raw) !== undefined;
					rows.forEach(({ present, value: v }, index) => {
						const scalar = !present || v === null || typeof v !== 'object';
						expect(seen[index].fast !== undefined).toBe(taken && scalar);
					});
				},
			),
			{ numRuns: 150 },
		);
	}, 120_000);
});
