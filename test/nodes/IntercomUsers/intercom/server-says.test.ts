/**
 * Retry-After, TLS failures and the token's other forms (issue 17 §4), below the
 * engine; the engine-level cases are in test/boundary.test.ts.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { toSafeError } from '../../../../nodes/IntercomUsers/intercom/networkErrors';
import { retryAfterMs } from '../../../../nodes/IntercomUsers/transport/rateLimit';
import { redactor } from '../../../../nodes/IntercomUsers/transport/redact';

const node: INode = {
	id: '1',
	name: 'Intercom Users',
	type: 'intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('retryAfterMs', () => {
	const now = Date.parse('2026-12-03T10:00:00.400Z');
	it.each([
		[{ 'retry-after': '3' }, 3_000],
		[{ 'retry-after': ' 2.5 ' }, 2_500],
		[{ 'retry-after': '0' }, undefined],
		[{ 'retry-after': '-4' }, undefined],
		[{ 'retry-after': 'soon' }, undefined],
		[{ 'retry-after': '3600' }, 60_000],
		[{}, undefined],
		// An HTTP date is read against the server's Date, not the local clock.
		[
			{ 'retry-after': 'Thu, 03 Dec 2026 10:00:47 GMT', date: 'Thu, 03 Dec 2026 10:00:45 GMT' },
			2_000,
		],
		// Without Date, against the local clock.
		[{ 'retry-after': 'Thu, 03 Dec 2026 10:00:02 GMT' }, 1_600],
		[{ 'retry-after': 'Thu, 03 Dec 2026 09:59:00 GMT' }, undefined],
		[{ 'retry-after': 'Thu, 03 Dec 2026 11:00:00 GMT' }, 60_000],
		[{ 'retry-after': ['5', '9'] }, 5_000],
	])('%j → %s ms', (headers, expected) => {
		expect(retryAfterMs(headers, now)).toBe(expected);
	});
});

describe('TLS failures', () => {
	/** What n8n's helper throws for a refused certificate: a NodeApiError around the TLS error. */
	const refused = (code: string) => {
		const error = new NodeApiError(node, { message: 'x' }, {});
		Object.defineProperty(error, 'cause', {
			value: Object.assign(new Error('certificate problem'), { code }),
		});
		return error;
	};
	it.each([
		[
			'DEPTH_ZERO_SELF_SIGNED_CERT',
			"The server's TLS certificate is not trusted (self-signed or from an unknown authority)",
			'If you trust that server, turn on',
		],
		[
			'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
			"The server's TLS certificate is not trusted (self-signed or from an unknown authority)",
			'If you trust that server, turn on',
		],
		[
			'CERT_HAS_EXPIRED',
			"The server's TLS certificate has expired",
			"Check the credential's Region or Base URL first",
		],
		[
			'ERR_TLS_CERT_ALTNAME_INVALID',
			"The server's TLS certificate is for another host",
			'the certificate does not name the host the node called',
		],
	])('%s says "%s"', (code, message, advice) => {
		const error = toSafeError(node, refused(code), 2, 1_000);
		expect(error.message).toBe(message);
		expect(error.description).toContain(`(${code}), so the request was not sent.`);
		expect(error.description).toContain(advice);
		expect(error.description).toContain('Request Options → Ignore SSL Issues (Insecure)');
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('redactor: every form an answer may echo the token in', () => {
	const TOKEN = 'dG9rOmE0/YjFj+ZDk=';
	const BEARER = `Bearer ${TOKEN}`;
	const redact = redactor([TOKEN]);
	const lower = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
	it.each([
		['literal', TOKEN],
		['Bearer literal', BEARER],
		['JSON-escaped', JSON.stringify({ authorization: BEARER })],
		['JSON with \\/', JSON.stringify(BEARER).replace(/\//g, '\\/')],
		['percent-encoded, %20', encodeURIComponent(BEARER)],
		['percent-encoded, +, lowercase hex', lower(encodeURIComponent(BEARER).replace('%20', '+'))],
		['percent-encoded token alone, lowercase hex', lower(encodeURIComponent(TOKEN))],
		['HTML-escaped', BEARER.replace(/\//g, '&#x2F;')],
		['base64 of Bearer <token>', Buffer.from(BEARER).toString('base64')],
		['base64 without padding', Buffer.from(BEARER).toString('base64').replace(/=+$/, '')],
		['base64url of the token', Buffer.from(TOKEN).toString('base64url')],
	])('%s', (_form, text) => {
		const clean = redact(`before ${text} after`);
		expect(clean).toContain('[redacted]');
		expect(clean).not.toContain('YjFj');
		expect(clean.startsWith('before ')).toBe(true);
		expect(clean.endsWith(' after')).toBe(true);
	});

	it('leaves other text, and secrets shorter than 4 characters, alone', () => {
		expect(redact('dG9r and YjFj alone')).toBe('dG9r and YjFj alone');
		expect(redactor(['abc', '', undefined])('abc abc')).toBe('abc abc');
	});
});
