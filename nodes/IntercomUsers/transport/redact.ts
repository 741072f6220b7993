import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Replaces secrets in a text with `[redacted]`; returns the cleaned text. */
export type Redact = (text: string) => string;

/**
 * Builds a {@link Redact} that replaces every occurrence of the given secrets
 * (the access token; empty strings and strings shorter than 4 characters are
 * ignored, since they would match ordinary text) with `[redacted]`.
 */
export function redactor(secrets: Array<string | undefined>): Redact {
	const usable = secrets.filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
	if (usable.length === 0) return (text) => text;
	return (text) => usable.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
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
