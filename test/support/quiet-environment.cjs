'use strict';
/**
 * Jest's node environment, with the console of each test file held back: what n8n's
 * logger (winston's console transport) and the code under test print goes into a buffer,
 * shown on stderr only for a test or hook that fails, under the test's name. A green
 * `npm test` prints results only. Tests that report figures on purpose write to
 * process.stdout, which is not held back.
 */
const { Console } = require('node:console');
const { Writable } = require('node:stream');
const { TestEnvironment } = require('jest-environment-node');

/** "describe › test" for a jest-circus test entry. */
function fullName(test) {
	const names = [];
	for (let block = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent) {
		names.unshift(block.name);
	}
	return names.join(' › ');
}

class QuietEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		/** @type {string[]} */
		this.held = [];
	}

	async setup() {
		await super.setup();
		const sink = new Writable({
			write: (chunk, _encoding, done) => {
				this.held.push(String(chunk));
				done();
			},
		});
		// Jest sets its own console before setup(); this one replaces it for the test file.
		this.global.console = new Console({ stdout: sink, stderr: sink });
	}

	/** Shows what was held back, then forgets it. */
	flush(title) {
		if (this.held.length > 0) {
			process.stderr.write(
				`\n--- console output of ${title} ---\n${this.held.join('')}--- end ---\n`,
			);
		}
		this.held = [];
	}

	async handleTestEvent(event) {
		if (event.name === 'test_start') this.held = [];
		if (event.name === 'test_done') {
			if (event.test.errors.length > 0) this.flush(`the failed test "${fullName(event.test)}"`);
			this.held = [];
		}
		if (event.name === 'hook_failure') this.flush(`the failed ${event.hook.type} hook`);
	}
}

module.exports = QuietEnvironment;
