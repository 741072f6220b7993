/**
 * The package as a user gets it: `npm run build`, then `npm pack` into a folder.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { mustRun, npmCommand } from './process';

const MINUTE = 60_000;

/**
 * Runs `npm run build` in the project root, its output appended to `logFile`.
 * Throws (with the end of the output) when the build fails or takes over 10 minutes.
 */
export async function buildProject(logFile: string): Promise<void> {
	await mustRun('npm run build', npmCommand(), ['run', 'build'], {
		timeoutMs: 10 * MINUTE,
		logFile,
	});
}

/** The packed tarball. */
export interface PackedTarball {
	/** Absolute path of the `.tgz`. */
	tarball: string;
	/** How many files it holds. */
	fileCount: number;
}

/**
 * Runs `npm pack` in the project root into `packDir` (created; it must not exist yet).
 * Does not build first: call {@link buildProject} before. Throws when npm fails.
 */
export async function packProject(packDir: string): Promise<PackedTarball> {
	mkdirSync(packDir);
	const pack = await mustRun(
		'npm pack',
		npmCommand(),
		['pack', '--json', '--pack-destination', packDir],
		{ timeoutMs: 5 * MINUTE },
	);
	const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	return { tarball: path.join(packDir, packed[0].filename), fileCount: packed[0].files.length };
}
