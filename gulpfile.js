// Copies the node and credential icons next to the compiled files in dist/,
// where n8n resolves `file:` icon references. `encoding: false` keeps binary
// icons (PNG) byte-exact under gulp 5.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
