/**
 * The node's architecture, enforced by `test/package/architecture.test.ts` (run by
 * `npm test`): the folders of nodes/IntercomUsers are its dependency graph,
 * read top to bottom, and no import points up.
 *
 *   IntercomUsers.node.ts   the node description (what n8n loads)
 *     actions/              the per-item runner, and actions/user/: one file per operation
 *                           (its fields, its run, its dry run) and their registry
 *       descriptions/       UI only: the fields operations share, as plain objects
 *       intercom/           Intercom's client and lookups; answers.ts reads answers, words/
 *                           holds the sentences, and the error builders (errors,
 *                           lookupErrors, networkErrors) combine them
 *         transport/        the authenticated HTTP call, the rate-limit gate, retries, redaction;
 *                           it classifies network outcomes and knows nothing of Intercom
 *           shared/         the operations' words, types and pure validation
 *
 * descriptions/ may use shared/ only. credentials/ never imports nodes/.
 */
const NODE = 'IntercomUsers/';
const layer = (name) => `${NODE}${name}/`;
const nodeFile = `${NODE}[^/]+[.]node[.]ts$`;
/** The intercom/ modules that build n8n errors from a reading and words. */
const BUILDERS = '(errors|lookupErrors|networkErrors|nodeError)[.]ts$';

/** Each entry: a layer, and the layers above it (or beside it) that it must not import. */
const forbiddenUpward = [
	[
		'shared',
		[layer('transport'), layer('intercom'), layer('actions'), layer('descriptions'), nodeFile],
	],
	['transport', [layer('intercom'), layer('actions'), layer('descriptions'), nodeFile]],
	['intercom', [layer('actions'), layer('descriptions'), nodeFile]],
	['actions', [nodeFile]],
	['descriptions', [layer('actions'), layer('intercom'), layer('transport'), nodeFile]],
];

module.exports = {
	forbidden: [
		...forbiddenUpward.map(([name, above]) => ({
			name: `${name}-imports-upward`,
			severity: 'error',
			comment: `${name}/ is below ${above.join(', ')}: it must not import them`,
			from: { path: layer(name) },
			to: { path: above.map((pattern) => `(${pattern})`).join('|') },
		})),
		{
			name: 'answers-import-wording',
			severity: 'error',
			comment:
				'Reading an answer needs no words: answers.ts imports neither words/ nor an error builder',
			from: { path: `${layer('intercom')}answers[.]ts$` },
			to: { path: `${layer('intercom')}(words/|${BUILDERS})` },
		},
		{
			name: 'words-import-builders',
			severity: 'error',
			comment: 'Words are plain sentences: words/ imports no error builder',
			from: { path: `${layer('intercom')}words/` },
			to: { path: `${layer('intercom')}${BUILDERS}` },
		},
		{
			name: 'credentials-import-nodes',
			severity: 'error',
			comment: 'A credential type stands alone: nodes use credentials, never the other way round',
			from: { path: '(^|/)credentials/' },
			to: { path: '(^|/)nodes/' },
		},
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'No import cycles between modules',
			from: {},
			to: { circular: true },
		},
		{
			name: 'no-runtime-dependency',
			severity: 'error',
			comment:
				'The published package ships no runtime dependency: only n8n-workflow (a peer) and Node built-ins',
			from: { path: '(^|/)(nodes|credentials)/' },
			to: {
				dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
				pathNot: 'node_modules/n8n-workflow/',
			},
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		exclude: { path: '(^|/)dist/' },
	},
};
