// Copies the node and credential icons, the nodes' codex files (*.node.json) and
// their output schemas (__schema__/v<version>/<resource>/<operation>.json, which
// n8n serves to the editor at /schemas/<package>.<node>/<version>/<resource>/<operation>.json)
// next to the compiled files in dist/, where n8n looks for them. `encoding: false` keeps
// binary icons (PNG) byte-exact under gulp 5.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(
		[
			'nodes/**/*.{png,svg}',
			'nodes/**/*.node.json',
			'nodes/**/__schema__/**/*.json',
			'credentials/**/*.{png,svg}',
		],
		{ base: '.', encoding: false },
	).pipe(dest('dist')),
);
