const { src, dest, task } = require('gulp');

/**
 * tsc compiles the TypeScript; n8n also needs the node and credential icons,
 * the codex files and the bundled ruleset next to the compiled code in dist/.
 */
task('build:assets', () =>
	src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}', 'core/**/*.json'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
