'use strict';
/**
 * Preloaded into the n8n process of `npm run bench:n8n -- --count-expressions`: counts
 * every expression n8n-workflow evaluates (Expression.resolveSimpleParameterValue, the
 * one entry point for `={{ … }}` values) by expression text and by the first caller
 * outside n8n-workflow (function and file), and at exit writes the counts as JSON to
 * the file named by BENCH_EXPRESSION_LOG:
 * `{ total, byExpression: { text: count }, byCaller: { "caller | text": count } }`.
 */
const fs = require('node:fs');
const Module = require('node:module');

const file = process.env.BENCH_EXPRESSION_LOG;
const byExpression = new Map();
const byCaller = new Map();
let total = 0;
let patched = false;

function bump(map, key) {
	map.set(key, (map.get(key) ?? 0) + 1);
}

/** The first stack frame outside n8n-workflow, as `function (package/file)`. */
function caller() {
	const stack = new Error().stack.split('\n').slice(3);
	for (const line of stack) {
		if (line.includes('/n8n-workflow/')) continue;
		const match = /at (?:async )?(\S+)? ?\(?(.*?):\d+:\d+\)?$/.exec(line.trim());
		if (!match) continue;
		const where = match[2].replace(/^.*\/node_modules\//, '');
		return `${match[1] ?? '<anonymous>'} (${where})`;
	}
	return '?';
}

function patch(exported) {
	const Expression = exported && exported.Expression;
	if (patched || !Expression || !Expression.prototype.resolveSimpleParameterValue) return;
	patched = true;
	const original = Expression.prototype.resolveSimpleParameterValue;
	Expression.prototype.resolveSimpleParameterValue = function counted(value, ...rest) {
		if (typeof value !== 'string' || value.charAt(0) !== '=')
			return original.call(this, value, ...rest);
		total++;
		const text = String(value).slice(0, 120);
		bump(byExpression, text);
		bump(byCaller, `${caller()} | ${text}`);
		return original.call(this, value, ...rest);
	};
}

if (file) {
	const load = Module._load;
	Module._load = function loadAndPatch(request, ...rest) {
		const exported = load.call(this, request, ...rest);
		if (!patched && request === 'n8n-workflow') patch(exported);
		return exported;
	};
	process.on('exit', () => {
		const sorted = (map) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]));
		const data = { total, byExpression: sorted(byExpression), byCaller: sorted(byCaller) };
		try {
			fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
		} catch {
			// nothing to report to
		}
	});
}
