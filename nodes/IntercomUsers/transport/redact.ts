import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Replaces secrets in a text with `[redacted]`; returns the cleaned text. */
export type Redact = (text: string) => string;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for `text` percent-encoded, in either hex case, a space also as `+`. */
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

/** `text` HTML-escaped, `/` as `slash`. */
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
 * Every form in which an answer may echo `secret`: literal, JSON-, HTML- and
 * percent-encoded, and base64 of the token and of `Bearer <token>`, where the token is
 * not visible by itself.
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
 * A {@link Redact} that replaces every form of the given secrets with `[redacted]`.
 * Secrets under 4 characters are ignored: they would match ordinary text.
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
 * Removes secrets from an n8n error's texts in place and returns it: a server or proxy
 * may echo the request's headers, and so the access token, in its answer.
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

/** A parsed answer with its secrets replaced; the same value when it holds none. */
export function redactParsed<T>(value: T, redact: Redact): T {
	if (value === undefined || value === null) return value;
	const text = JSON.stringify(value);
	if (text === undefined) return value;
	const clean = redact(text);
	return clean === text ? value : (JSON.parse(clean) as T);
}
