// Copies the node and credential icons, and the nodes' codex files
// (*.node.json), next to the compiled files in dist/, where n8n looks for them. `encoding: false` keeps binary
// icons (PNG) byte-exact under gulp 5.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
