/**
 * n8n's editor in a real browser: the extra environment `n8n start` needs to serve the
 * editor over plain http on 127.0.0.1, the owner account, and how to launch Debian's
 * Chromium with playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';

/**
 * Extra environment for `N8nInstance.start()` when a browser drives the editor: plain
 * http (no secure cookie, or the login cookie is dropped), and no calls to api.n8n.io.
 */
export const EDITOR_ENV: Record<string, string> = {
	N8N_PROTOCOL: 'http',
	N8N_SECURE_COOKIE: 'false',
	// `n8n start` (unlike the CLI commands) fetches n8n's list of vetted community
	// nodes and its MCP server registry from api.n8n.io; the network guard refuses both.
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry',
};

/** The owner account a test sets up on the first visit (`/setup`). */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Olive',
	lastName: 'Owner',
	password: 'Owner-e2e-Passw0rd',
};

/** Where Chromium is: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. Undefined when missing. */
export function findChromium(): string | undefined {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(
		(candidate): candidate is string => Boolean(candidate),
	);
	return candidates.find((candidate) => existsSync(candidate));
}

/**
 * Options for playwright-core's `chromium.launch()`: headless Chromium at `executablePath`
 * that resolves only loopback names, so the editor cannot reach the internet.
 */
export function chromiumLaunchOptions(executablePath: string) {
	return {
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
		],
	};
}
