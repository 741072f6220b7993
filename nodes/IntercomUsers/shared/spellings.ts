// Intercom compares values exactly, so a value spelled otherwise (Unicode form, IDN domain
// form, letter case) than Intercom holds it finds nobody: try each spelling worth a lookup.
import type { Target } from './types';

export type SpellingKind = 'asGiven' | 'unicodeForm' | 'domainForm' | 'lowerCase';

/** One spelling of the item's value to look up. */
export interface Spelling {
	value: string;
	kind: SpellingKind;
}

/** Characters a domain must not hold to be handed to the URL parser as a host. */
const NOT_A_HOST = /[\s/\\?#:@%[\]<>^|"`{}]/u;

const ACE_PREFIX = 'xn--';

/** The lowercase ASCII (punycode) form of a domain; undefined when it cannot be converted. */
export function domainToAscii(domain: string): string | undefined {
	if (domain === '' || NOT_A_HOST.test(domain)) return undefined;
	try {
		const host = new URL(`http://${domain}`).hostname;
		return host.split('.').length === domain.split('.').length ? host : undefined;
	} catch {
		return undefined;
	}
}

/** The lowercase Unicode form of a punycode domain; undefined when none or invalid/non-canonical. */
export function domainToUnicode(domain: string): string | undefined {
	const labels = domain.toLowerCase().split('.');
	if (!labels.some((label) => label.startsWith(ACE_PREFIX))) return undefined;
	const decoded: string[] = [];
	for (const label of labels) {
		if (!label.startsWith(ACE_PREFIX)) {
			decoded.push(label);
			continue;
		}
		const unicode = punycodeDecode(label.slice(ACE_PREFIX.length));
		if (unicode === undefined) return undefined;
		decoded.push(unicode.normalize('NFC'));
	}
	const result = decoded.join('.');
	return domainToAscii(result) === domain.toLowerCase() ? result : undefined;
}

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

/** RFC 3492 §6.1: the bias adaptation after each decoded code point. */
function adapt(delta: number, points: number, first: boolean): number {
	let d = first ? Math.floor(delta / DAMP) : Math.floor(delta / 2);
	d += Math.floor(d / points);
	let k = 0;
	while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
		d = Math.floor(d / (BASE - T_MIN));
		k += BASE;
	}
	return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** The digit value of a Punycode character (a–z, A–Z: 0–25; 0–9: 26–35), else {@link BASE}. */
function digitOf(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26;
	if (code >= 0x41 && code <= 0x5a) return code - 0x41;
	if (code >= 0x61 && code <= 0x7a) return code - 0x61;
	return BASE;
}

/** Decodes Punycode (RFC 3492 §6.2, no `xn--` prefix); undefined for invalid input. */
export function punycodeDecode(input: string): string | undefined {
	const output: number[] = [];
	const basic = Math.max(input.lastIndexOf('-'), 0);
	for (let j = 0; j < basic; j++) {
		const code = input.charCodeAt(j);
		if (code >= 0x80) return undefined;
		output.push(code);
	}
	let n = INITIAL_N;
	let bias = INITIAL_BIAS;
	let i = 0;
	for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
		const old = i;
		let w = 1;
		for (let k = BASE; ; k += BASE) {
			if (index >= input.length) return undefined;
			const digit = digitOf(input.charCodeAt(index++));
			if (digit >= BASE || digit > Math.floor((MAX_INT - i) / w)) return undefined;
			i += digit * w;
			const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
			if (digit < t) break;
			if (w > Math.floor(MAX_INT / (BASE - t))) return undefined;
			w *= BASE - t;
		}
		const length = output.length + 1;
		bias = adapt(i - old, length, old === 0);
		if (Math.floor(i / length) > MAX_INT - n) return undefined;
		n += Math.floor(i / length);
		i %= length;
		if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
		output.splice(i++, 0, n);
	}
	return String.fromCodePoint(...output);
}

/** An email split at its last `@`. */
function split(email: string): { local: string; domain: string } {
	const at = email.lastIndexOf('@');
	return { local: email.slice(0, at), domain: email.slice(at + 1) };
}

/** The email with its domain in the other IDN spelling; undefined when there is none. */
export function otherDomainForm(email: string): string | undefined {
	const { local, domain } = split(email);
	// eslint-disable-next-line no-control-regex
	const unicode = /[^\u0000-\u007f]/.test(domain);
	const other = unicode ? domainToAscii(domain) : domainToUnicode(domain);
	return other === undefined || other === domain ? undefined : `${local}@${other}`;
}

function domainKey(domain: string): string {
	return domainToAscii(domain) ?? domain.toLowerCase();
}

/** The value as one address (NFC; an email's domain in lowercase ASCII, RFC 5321). */
export function exactKey(by: Target['by'], value: string): string {
	const nfc = value.normalize('NFC');
	if (by !== 'email') return nfc;
	const { local, domain } = split(nfc);
	return `${local}@${domainKey(domain)}`;
}

/** {@link exactKey} with an email's local part lowercased too: equal keys may name one user. */
export function foldedKey(by: Target['by'], value: string): string {
	const key = exactKey(by, value);
	if (by !== 'email') return key;
	const { local, domain } = split(key);
	return `${local.toLowerCase()}@${domain}`;
}

/** The spellings of the target's value to look up, in order, each once. */
export function spellingsOf(target: Target): Spelling[] {
	const list: Spelling[] = [{ value: target.value, kind: 'asGiven' }];
	const add = (value: string | undefined, kind: SpellingKind) => {
		if (value !== undefined && !list.some((known) => known.value === value)) {
			list.push({ value, kind });
		}
	};
	if (target.given !== undefined) add(target.given, 'unicodeForm');
	if (target.by !== 'email') return list;
	add(otherDomainForm(target.value), 'domainForm');
	const lower = target.value.toLowerCase();
	if (lower !== target.value) {
		add(lower, 'lowerCase');
		add(otherDomainForm(lower), 'lowerCase');
	}
	return list;
}

/** What a not-found after several spellings adds to its description, per kind tried. */
function triedSentences(target: Target, tried: Spelling[]): string[] {
	const kinds = new Set(tried.map((spelling) => spelling.kind));
	const quoted = (kind: SpellingKind) =>
		tried
			.filter((spelling) => spelling.kind === kind)
			.map((spelling) => `"${spelling.value}"`)
			.join(', ');
	const sentences: string[] = [];
	if (kinds.has('unicodeForm')) {
		sentences.push(
			'Both Unicode forms of the value were looked up: composed (NFC) first, then as the item gave it, which writes some letters decomposed (e.g. "é" as "e" + U+0301).',
		);
	}
	if (kinds.has('domainForm')) {
		sentences.push(
			`The domain was looked up in both its spellings, Unicode and ASCII (punycode): "${target.value}", then ${quoted('domainForm')}.`,
		);
	}
	if (kinds.has('lowerCase')) {
		sentences.push(
			`The address was also looked up in lowercase (${quoted('lowerCase')}). Intercom may hold it with other capitals, which an exact lookup does not match: find the user in Intercom and use its Intercom ID.`,
		);
	}
	return sentences;
}

function explain(error: unknown, sentences: string[]): void {
	if (sentences.length === 0 || error === null || typeof error !== 'object') return;
	const described = error as { description?: string | null };
	described.description = [described.description ?? '', ...sentences].join(' ').trim();
}

/**
 * Runs `attempt` per spelling while each finds nobody and resolves with the first other answer
 * (a not-found changes nothing, so the next lookup is safe); throws the last not-found,
 * its description naming the spellings tried.
 */
export async function attemptSpellings<T>(
	target: Target,
	attempt: (sent: Target) => Promise<T>,
	isNotFound: (error: unknown) => boolean,
): Promise<T> {
	const spellings = spellingsOf(target);
	let lastError: unknown;
	for (const [index, spelling] of spellings.entries()) {
		const result = await attempt({ ...target, value: spelling.value }).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('answer' in result) return result.answer;
		lastError = result.error;
		if (isNotFound(result.error)) continue;
		if (index > 0) {
			explain(result.error, [
				`This was the lookup of "${spelling.value}", another spelling of "${target.value}", which found nobody.`,
			]);
		}
		throw result.error;
	}
	explain(lastError, triedSentences(target, spellings));
	throw lastError;
}
