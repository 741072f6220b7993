import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Replaces secrets in a text with `[redacted]`; returns the cleaned text. */
export type Redact = (text: string) => string;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pattern for `text` percent-encoded: `%XX` in either hex case, and a space as
 * `%20` or `+` (form encoding).
 */
function percentPattern(text: string): string {
	return encodeURIComponent(text)
		.split(/(%[0-9A-F]{2})/)
		.map((part) => {
			if (part === '%20') return '(?:%20|\\+)';
			const hex = /^%([0-9A-F])([0-9A-F])$/.exec(part);
			if (hex) return `%[${hex[1]}${hex[1].toLowerCase()}][${hex[2]}${hex[2].toLowerCase()}]`;
			return escapeRegExp(part);
		})
		.join('');
}

/** `text` with the characters HTML escapes replaced by entities (`&#x2F;` for `/`, as OWASP's encoder does). */
function htmlEscaped(text: string, slash: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;')
		.replace(/\//g, slash);
}

/**
 * Every form in which an answer may echo `secret`, as regular expression sources:
 * literal; JSON-escaped (also with `\/`); HTML-escaped; percent-encoded (either hex
 * case, a space as `%20` or `+`); base64 and base64url (with or without padding), of
 * the token and of `Bearer <token>` (in base64 the token is not visible by itself).
 * In the other forms `Bearer ` stays: only the token is replaced.
 */
function forms(secret: string): string[] {
	const sources = new Set<string>();
	const json = JSON.stringify(secret).slice(1, -1);
	for (const literal of [
		secret,
		json,
		json.replace(/\//g, '\\/'),
		htmlEscaped(secret, '&#x2F;'),
		htmlEscaped(secret, '&#47;'),
	]) {
		sources.add(escapeRegExp(literal));
	}
	sources.add(percentPattern(secret));
	for (const text of [`Bearer ${secret}`, secret]) {
		const base64 = Buffer.from(text, 'utf8').toString('base64');
		for (const encoded of [
			base64,
			base64.replace(/=+$/, ''),
			Buffer.from(text, 'utf8').toString('base64url'),
		]) {
			sources.add(escapeRegExp(encoded));
		}
	}
	return [...sources];
}

/**
 * Builds a {@link Redact} that replaces every occurrence of the given secrets (the
 * access token) with `[redacted]`, in every form an answer may echo it (see
 * `forms`: literal, JSON-escaped, HTML-escaped, percent-encoded in either hex case,
 * base64/base64url of the token and of `Bearer <token>`). Empty strings and strings
 * shorter than 4 characters are ignored, since they would match ordinary text. The
 * pattern is compiled once, longest forms first.
 */
export function redactor(secrets: Array<string | undefined>): Redact {
	const usable = secrets.filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
	if (usable.length === 0) return (text) => text;
	const sources = [...new Set(usable.flatMap(forms))].sort((a, b) => b.length - a.length);
	const pattern = new RegExp(sources.join('|'), 'g');
	return (text) => text.replace(pattern, '[redacted]');
}

/**
 * Removes secrets from an n8n error's texts in place (message, description,
 * the messages n8n collected, and its low-level cause's message), then returns
 * the same error. A server or proxy may echo request headers, and so the access
 * token, back in its answer.
 */
export function scrub<T extends NodeApiError | NodeOperationError>(error: T, redact: Redact): T {
	error.message = redact(error.message);
	if (error.description) error.description = redact(error.description);
	if (Array.isArray(error.messages)) error.messages = error.messages.map(redact);
	const cause = error.cause as { message?: unknown } | undefined;
	if (cause && typeof cause.message === 'string') {
		Object.defineProperty(error, 'cause', {
			value: { ...cause, message: redact(cause.message) },
			enumerable: false,
		});
	}
	return error;
}

/**
 * Returns a parsed JSON answer with every occurrence of a secret replaced by
 * `[redacted]`, or the same value when it holds none. A server or proxy that
 * echoes the Authorization header in a successful answer must not put the
 * access token into the node's output. The value is serialised once to look;
 * only a value that held a secret is copied.
 */
export function redactParsed<T>(value: T, redact: Redact): T {
	if (value === undefined || value === null) return value;
	const text = JSON.stringify(value);
	if (text === undefined) return value;
	const clean = redact(text);
	return clean === text ? value : (JSON.parse(clean) as T);
}
