const { src, dest, task } = require('gulp');

// Icons and codex files next to the compiled nodes and credentials.
function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

task('build:assets', copyAssets);
