import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { spellingsOf } from '../nodes/IntercomUsers/shared/spellings';
import type { RecordedRequest } from '../tools/intercom-simulator/simulator';
import { runNode, useSimulator } from './helpers';

/**
 * Property-based wire test: for generated values of each selector, every item is
 * either refused before sending (and the rules in the README say it is invalid),
 * or DELETEs reach the intended endpoint and decode back to exactly the trimmed value
 * (in NFC) or one of its other spellings, each spelling once per batch: a value repeated
 * in the batch is sent once, and its later items say `duplicate` or share the not-found
 * (cases C43, C46). A value holding a control character (C0, DEL, C1), a line or
 * paragraph separator or an invisible character (Unicode Cf, Hangul fillers) is always
 * refused, and the error names that character's code point. Values run in batches (one
 * item per value) through n8n's real engine against the local simulator.
 *
 * FC_SEED=<integer> replaces the fixed per-selector seeds.
 */

type Selector = 'id' | 'email' | 'userId';

const BATCH_SIZE = 2_000;
const BATCHES_PER_SELECTOR = 5; // 10,000 values per selector

const LABEL: Record<Selector, string> = { id: 'Intercom ID', email: 'Email', userId: 'User ID' };
const PARAMETER: Record<Selector, string> = { id: 'intercomId', email: 'email', userId: 'userId' };
const QUERY_NAME: Record<Exclude<Selector, 'id'>, string> = { email: 'email', userId: 'user_id' };
const DEFAULT_SEED: Record<Selector, number> = {
	id: 0x1d_5eed,
	email: 0xe_3a11,
	userId: 0x05e_71d,
};

function seedFor(selector: Selector): number {
	const override = process.env.FC_SEED;
	if (override === undefined || override.trim() === '') return DEFAULT_SEED[selector];
	const seed = Number(override);
	if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${override}"`);
	return seed;
}

// ---------------------------------------------------------------------------
// The model: the README's validation rules, written independently of the node.
// ---------------------------------------------------------------------------

/** True when some UTF-16 surrogate is not part of a high+low pair. */
function hasLoneSurrogate(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit >= 0xd800 && unit <= 0xdbff) {
			const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return true;
		}
		if (unit >= 0xdc00 && unit <= 0xdfff) return true;
	}
	return false;
}

/** Hangul fillers: letters by category, but they render blank. */
const HANGUL_FILLERS = [0x115f, 0x1160, 0x3164, 0xffa0];

/**
 * What the first character that no value may hold makes of the value, or undefined:
 * a control character (category Cc: C0, DEL, C1), a line or paragraph separator
 * (categories Zl, Zp), or an invisible one (category Cf, or a Hangul filler). The
 * code point is written U+XXXX (4 to 6 hex digits). `text` has no lone surrogate.
 */
function firstUnwanted(text: string): string | undefined {
	for (const char of text) {
		const code = char.codePointAt(0) as number;
		const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
		if (/^\p{General_Category=Control}$/u.test(char)) return `contains a control character ${name}`;
		if (
			/^[\p{General_Category=Line_Separator}\p{General_Category=Paragraph_Separator}]$/u.test(char)
		) {
			return `contains a line break ${name}`;
		}
		if (/^\p{General_Category=Format}$/u.test(char) || HANGUL_FILLERS.includes(code)) {
			return `contains an invisible character ${name}`;
		}
	}
	return undefined;
}

/** `name@domain.tld`: one '@', no whitespace, a non-empty name and at least two non-empty dot-separated labels. */
function isEmailShaped(text: string): boolean {
	if (/\s/.test(text)) return false;
	const parts = text.split('@');
	if (parts.length !== 2) return false;
	const [local, domain] = parts;
	if (local.length === 0) return false;
	const labels = domain.split('.');
	return labels.length >= 2 && labels.every((label) => label.length > 0);
}

/**
 * The validation messages the node may give for `raw` (empty when the model
 * says the value is valid). A value can break several rules; any of their
 * messages is accepted.
 */
function expectedRejections(selector: Selector, raw: string | number): string[] {
	const label = LABEL[selector];
	// Whole numbers (up to 2^53 − 1) are used as text; NaN, fractions and bigger numbers are refused.
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		return [`${label} must be text or a whole number, but the value is ${String(raw)}`];
	}
	const text = String(raw);
	const value = text.trim();
	if (value === '') return [`${label} ${text === '' ? 'is empty' : 'is only whitespace'}`];
	const problems: string[] = [];
	if (hasLoneSurrogate(value)) problems.push('contains a broken Unicode character');
	const unwanted = hasLoneSurrogate(value) ? undefined : firstUnwanted(value);
	if (unwanted) problems.push(unwanted);
	const wrapped = selector === 'email' ? wrapperModel(value) : undefined;
	if (wrapped) problems.push(`"${value}" ${wrapped}`);
	const separated = selector === 'email' ? separatorModel(value) : undefined;
	if (separated) problems.push(`"${value}" ${separated}`);
	if (selector === 'email' && !isEmailShaped(value)) {
		problems.push(`"${value}" is not an email address (expected name@example.com)`);
	}
	if (selector === 'id' && (value === '.' || value === '..'))
		problems.push(`"${value}" is not a valid ID (a path step, not an Intercom ID)`);
	return problems.map((problem) => `${label} ${problem}`);
}

/**
 * The model of an email pasted with its wrapper (case C29): `Name <address>`,
 * `<address>`, `mailto:address` or quotes ('…', "…", ‘…’, “…”, `…`) around it,
 * peeled at most three deep. Returns the message's tail (`<wrapper>: use <address>`,
 * naming the outermost wrapper) when what is inside is email-shaped, else undefined.
 */
function wrapperModel(value: string): string | undefined {
	const pairs = ["''", '""', '\u2018\u2019', '\u201C\u201D', '``'];
	let inside = value;
	let outer: string | undefined;
	for (let depth = 0; depth < 3; depth++) {
		let named: string | undefined;
		const angled = inside.match(/^([\s\S]*?)\s*<([^<>]*)>$/);
		if (angled) {
			const name = angled[1].trim();
			named = name
				? `has a display name (${name}) around the address`
				: 'is wrapped in angle brackets';
			inside = angled[2].trim();
		} else if (inside.toLowerCase().startsWith('mailto:')) {
			named = 'starts with "mailto:"';
			inside = inside.slice(7).trim();
		} else {
			const pair = pairs.find(
				(quotes) =>
					inside.length > 2 && inside[0] === quotes[0] && inside[inside.length - 1] === quotes[1],
			);
			if (pair === undefined) break;
			named = 'is wrapped in quotes';
			inside = inside.slice(1, -1).trim();
		}
		outer ??= named;
	}
	return outer !== undefined && isEmailShaped(inside) ? `${outer}: use ${inside}` : undefined;
}

/**
 * The model of an email with a list separator (case C37): the first `,` or `;` names the
 * message; a value that is an email followed only by separators and spaces gets
 * `has a trailing <comma|semicolon>: use <email>`, any other `contains a <…>: give one
 * address per item`. Undefined without a separator.
 */
function separatorModel(value: string): string | undefined {
	const comma = value.indexOf(',');
	const semicolon = value.indexOf(';');
	if (comma < 0 && semicolon < 0) return undefined;
	const first = comma < 0 ? semicolon : semicolon < 0 ? comma : Math.min(comma, semicolon);
	const name = value[first] === ',' ? 'comma' : 'semicolon';
	let end = value.length;
	while (end > 0 && /[,;\s]/.test(value[end - 1])) end--;
	const bare = value.slice(0, end);
	if (bare !== value && !bare.includes(',') && !bare.includes(';') && isEmailShaped(bare)) {
		return `has a trailing ${name}: use ${bare}`;
	}
	return `contains a ${name}: give one address per item`;
}

/** How a validation message of the node looks, whatever its value. */
function looksLikeValidationMessage(selector: Selector, message: string): boolean {
	const label = LABEL[selector];
	if (!message.startsWith(`${label} `)) return false;
	const rest = message.slice(label.length + 1);
	return (
		rest === 'is empty' ||
		rest === 'is only whitespace' ||
		rest === 'contains a broken Unicode character' ||
		/^contains (a control character|a line break|an invisible character) U\+[0-9A-F]{4,6}$/.test(
			rest,
		) ||
		rest.startsWith('must be text') ||
		(rest.startsWith('"') &&
			(rest.endsWith('" is not an email address (expected name@example.com)') ||
				/" (has a display name \([\s\S]*\) around the address|is wrapped in angle brackets|is wrapped in quotes|starts with "mailto:"): use [\s\S]+$/.test(
					rest,
				) ||
				/" (has a trailing (comma|semicolon): use [\s\S]+|contains a (comma|semicolon): give one address per item)$/.test(
					rest,
				) ||
				rest.endsWith('" is not a valid ID (a path step, not an Intercom ID)')))
	);
}

// ---------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------

/** Whitespace that String.prototype.trim removes (ASCII and Unicode). */
const TRIMMED_WHITESPACE = [
	' ',
	'\t',
	'\n',
	'\r',
	'\v',
	'\f',
	'\u00A0',
	'\u1680',
	'\u2000',
	'\u2007',
	'\u200A',
	'\u2028',
	'\u2029',
	'\u202F',
	'\u205F',
	'\u3000',
	'\uFEFF',
];
/** Space-like characters inside a value: some are whitespace, some are not (ZWSP, NEL, MVS). */
const INNER_SPACES = [
	' ',
	' ',
	' ',
	'\u00A0',
	'\u2009',
	'\u3000',
	'\u200B',
	'\u180E',
	'\u0085',
	'\uFEFF',
	'\u2028',
];
/** URL-significant characters and sequences, and things that look like encodings or expressions. */
const SPECIALS = [
	'/',
	'?',
	'#',
	'&',
	'=',
	'+',
	'@',
	'%',
	'.',
	'..',
	';',
	',',
	':',
	'\\',
	'"',
	"'",
	'<',
	'>',
	'[',
	']',
	'{',
	'}',
	'|',
	'^',
	'`',
	'~',
	'!',
	'$',
	'*',
	'(',
	')',
	'-',
	'_',
	'%2F',
	'%2f',
	'%2E',
	'%2e',
	'%25',
	'%20',
	'%00',
	'%zz',
	'%E2%82',
	'%%',
	'+%2B',
	'%3F',
	'%23',
	'%26',
	'%3D',
	'&amp;',
	'=&=',
	'?#',
	'/..',
	'../',
	'./',
	'{{',
	'}}',
	'$json',
	'={{',
	'__proto__',
	'%u0041',
	'\\u0041',
];
const EMOJI = [
	'💩',
	'👨‍👩‍👧‍👦',
	'🇮🇪',
	'👍🏽',
	'1️⃣',
	'🏳️‍🌈',
	'𝔘𝔫𝔦',
	'𠜎',
	'\u{10FFFF}',
	'\u{1F600}',
	'e\u0301',
	'ﷺ',
	'\u202E',
	'İ',
	'ß',
	'Ω',
	'中文',
	'עברית',
	'ﬁ',
	'Å',
	'\u{E0041}',
	'\uFFFD',
	'\uFFFF',
];
const CONTROLS = [
	...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
	'\u007F',
];
/** C1 controls (U+0080–U+009F), e.g. U+0085 next line from text converted out of Latin-1. */
const C1_CONTROLS = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(0x80 + code));
/**
 * Characters that show as nothing and that trim() keeps inside a value: format
 * characters (Cf) from web pages, tag characters, the Hangul fillers; and the line and
 * paragraph separators.
 */
const INVISIBLES = [
	'\u200B',
	'\u200C',
	'\u200D',
	'\u2060',
	'\uFEFF',
	'\u00AD',
	'\u180E',
	'\u200E',
	'\u200F',
	'\u202A',
	'\u202E',
	'\u2066',
	'\u2069',
	'\u061C',
	'\u0600',
	'\u06DD',
	'\u070F',
	'\u{110BD}',
	'\u{13430}',
	'\u{1BCA0}',
	'\u{1D173}',
	'\u{E0001}',
	'\u{E0041}',
	'\u{E007F}',
	'\uFFF9',
	'\uFFFB',
	'\u115F',
	'\u1160',
	'\u3164',
	'\uFFA0',
	'\u2028',
	'\u2029',
];
const unwantedCharacter = fc.oneof(fc.constantFrom(...INVISIBLES), fc.constantFrom(...C1_CONTROLS));

const printableAscii = fc
	.integer({ min: 0x20, max: 0x7e })
	.map((code) => String.fromCharCode(code));
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const loneSurrogate = fc
	.integer({ min: 0xd800, max: 0xdfff })
	.map((code) => String.fromCharCode(code));
/** A non-ASCII code point that is neither a control, a surrogate nor whitespace. */
const visibleUnicode = fc
	.integer({ min: 0xa1, max: 0x10ffff })
	.filter((code) => code < 0xd800 || code > 0xdfff)
	.map((code) => String.fromCodePoint(code))
	.filter((char) => !/\s/.test(char));

/** One piece of a generated value: mostly printable/special, some Unicode, rarely broken. */
const piece = fc.oneof(
	{ weight: 40, arbitrary: printableAscii },
	{ weight: 30, arbitrary: fc.constantFrom(...SPECIALS) },
	{ weight: 8, arbitrary: fc.constantFrom(...INNER_SPACES) },
	{ weight: 12, arbitrary: anyCodePoint },
	{ weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
	{ weight: 8, arbitrary: fc.constantFrom(...EMOJI) },
	{ weight: 1, arbitrary: fc.constantFrom(...CONTROLS) },
	{ weight: 1, arbitrary: unwantedCharacter },
	{ weight: 1, arbitrary: loneSurrogate },
);

const whitespacePad = fc.oneof(
	{ weight: 3, arbitrary: fc.constant('') },
	{
		weight: 2,
		arbitrary: fc.string({
			unit: fc.constantFrom(...TRIMMED_WHITESPACE),
			minLength: 1,
			maxLength: 4,
		}),
	},
);

/** Surrounds a value with (often no) leading and trailing whitespace. */
const padded = (arbitrary: fc.Arbitrary<string>) =>
	fc
		.tuple(whitespacePad, arbitrary, whitespacePad)
		.map(([before, value, after]) => before + value + after);

/** A valid body with one control, invisible or separator character, or one lone surrogate, put somewhere inside. */
const poisoned = (body: fc.Arbitrary<string>) =>
	fc
		.tuple(
			body,
			fc.nat(),
			fc.oneof(fc.constantFrom(...CONTROLS), unwantedCharacter, unwantedCharacter, loneSurrogate),
		)
		.map(([text, at, bad]) => {
			const units = [...text]; // code points, so no pair is split
			const index = units.length === 0 ? 0 : at % (units.length + 1);
			units.splice(index, 0, bad);
			return units.join('');
		});

/** Short strings over dots, percent signs, slashes and spaces: hits '.', '..', '%2e%2e', '/..' … */
const dotty = fc.string({
	unit: fc.constantFrom('.', '.', '.', '%', '2', 'e', 'E', 'f', 'F', '/', ' ', '\\'),
	minLength: 1,
	maxLength: 6,
});

/** Empty or whitespace-only values. */
const blank = fc.string({ unit: fc.constantFrom(...TRIMMED_WHITESPACE), maxLength: 6 });

/**
 * Long values (≥ 2,000 characters). The ASCII-ish body is 2,000–3,000
 * characters with at most 8 Unicode snippets, so that the percent-encoded URL
 * stays under ~10 KB: Node's HTTP server (the simulator) answers 431 for a
 * request head over 16 KB, before the request is recorded.
 */
const longPiece = fc.oneof(
	{ weight: 10, arbitrary: printableAscii },
	{ weight: 3, arbitrary: fc.constantFrom('/', '?', '#', '&', '=', '+', '@', '%', '.', ' ') },
);
const longText = fc
	.tuple(
		fc.string({ unit: longPiece, minLength: 2_000, maxLength: 3_000 }),
		fc.array(fc.tuple(fc.nat(), fc.oneof(anyCodePoint, fc.constantFrom(...EMOJI))), {
			maxLength: 8,
		}),
	)
	.map(([body, inserts]) => {
		// Insert from the highest position down, at positions of the ASCII body, so no surrogate pair is split.
		const sorted = inserts
			.map(([at, snippet]) => [at % (body.length + 1), snippet] as const)
			.sort((a, b) => b[0] - a[0]);
		let text = body;
		for (const [at, snippet] of sorted) text = text.slice(0, at) + snippet + text.slice(at);
		return text;
	});
/** Long full-Unicode strings (code points up to U+10FFFF), capped to keep the encoded URL under ~13.5 KB. */
const longUnicode = fc.string({ unit: 'binary', minLength: 700, maxLength: 1_100 });

/**
 * An astral character (a UTF-16 surrogate pair) placed at or near UTF-16 index
 * 1024 or 2048 of a value, after a run of ASCII: string encoders that work in
 * fixed-size chunks can split the pair there.
 */
const safeAscii = printableAscii.filter((c) => c !== ' ');
const safeAsciiNoAt = safeAscii.filter((c) => c !== '@');
const astral = fc.oneof(
	fc.constantFrom('💩', '😀', '𠜎', '\u{10FFFF}', '🇮🇪', '👍🏽'),
	fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);
const aroundChunkBoundary = (headUnit: fc.Arbitrary<string>, tail: fc.Arbitrary<string>) =>
	fc
		.tuple(fc.constantFrom(1024, 2048), fc.integer({ min: -6, max: 2 }))
		.chain(([boundary, offset]) =>
			fc.tuple(
				fc.string({
					unit: headUnit,
					minLength: boundary - 1 + offset,
					maxLength: boundary - 1 + offset,
				}),
				astral,
				tail,
			),
		)
		.map(([head, pair, rest]) => head + pair + rest);

/** Hand-picked values that are mixed into the generated ones. */
const EDGE_VALUES = [
	'.',
	'..',
	' . ',
	'\t..\n',
	'...',
	'.%2e',
	'%2e%2e',
	'%2E.',
	'..%2F',
	'/..',
	'../',
	'./',
	'/',
	'//',
	'?',
	'#',
	'&',
	'=',
	'+',
	'@',
	'%',
	'%%',
	'%2F',
	'%252F',
	'a/b',
	'a?b',
	'a#b',
	'a&b=c',
	'x?user_id=1',
	'abc/../me',
	'../me',
	'../../admin',
	'..\\..\\admin',
	'%2e%2e%2fme',
	'me',
	'/me',
	'users',
	'?email=wash@serenity.io',
	'&email=a@b.c',
	'user_id=25',
	'25',
	'32',
	'5714dd359a3fd47136000001',
	'first+tag@example.com',
	'first tag@example.com',
	'wash@serenity.io',
	'  wash@serenity.io ',
	'💩',
	'🇮🇪',
	'\u{10FFFF}',
	'\uFEFFx\uFEFF',
	'\u200B',
	'\u0085',
	'42\u0085',
	'\u200Bkaylee@serenity.io',
	'\u3164',
	'a\u2028b',
	'e\u0301',
	'=1+1',
	'={{ 1 }}',
	'{{ $json.v }}',
	'$json',
	'__proto__',
	'constructor',
	'toString',
	'null',
	'undefined',
	'true',
	'a\u0000b',
	'\uD83D',
	'\uDCA9x',
];
const EDGE_EMAILS = [
	'first+tag@example.com',
	'first tag@example.com',
	'a/b@c.d',
	'a?b@c.d',
	'a#b@c.d',
	'a&b=c@d.e',
	'%40@x.y',
	'a%2Bb@c.d',
	'..@..',
	'.@a.b',
	'a@b.c',
	'a@b',
	'a@.b',
	'a@b.',
	'a@b..c',
	'@b.c',
	'a@',
	'a@@b.c',
	'a b@c.d',
	' a@b.c ',
	'ü@ß.中国',
	'💩@🇮🇪.ie',
	'a@b.c\u0000',
	'user_id=1@x.y',
	'x@y.z&user_id=25',
	'dup@example.com',
	'wash@serenity.io',
	'+@+.+',
	'=@=.=',
	'%@%.%',
	'?@#.&',
	'a@b.c/../../admin',
	'"a b"@c.d',
	'a\u200B@b.c',
	'\u200Bkaylee@serenity.io',
	'kaylee@serenity.io\u200B',
	'kay\u00ADlee@serenity.io',
	'kaylee@seren\u200Dity.io',
	'\u2060wash@serenity.io',
	'wash@serenity.io\u0085',
	'\uFEFFwash@serenity.io\u2060',
	'wash\u2028@serenity.io',
];

/** Numbers from expressions: whole ones are used as text, others are refused. */
const numberValue = fc.oneof(
	fc.integer(),
	fc.maxSafeInteger(),
	fc.double(),
	fc.constantFrom(
		0,
		-0,
		25,
		32,
		1e21,
		-1e-7,
		1.5,
		Number.MAX_SAFE_INTEGER,
		Number.MAX_SAFE_INTEGER + 1,
		-Number.MAX_SAFE_INTEGER,
		NaN,
		Infinity,
	),
);

/** Intercom-ID-ish and user_id-ish values. */
const idLike = fc.oneof(
	fc.stringMatching(/^[0-9a-f]{24}$/),
	fc.uuid().map(String),
	fc.webSegment(),
	fc.nat().map(String),
);

/** Values for the ID and User ID selectors. */
const textOrNumberValue: fc.Arbitrary<string | number> = fc.oneof(
	{ weight: 35, arbitrary: padded(fc.string({ unit: piece, maxLength: 24 })) },
	{ weight: 10, arbitrary: padded(fc.string({ unit: 'binary', maxLength: 40 })) },
	{ weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
	{ weight: 8, arbitrary: padded(dotty) },
	{ weight: 6, arbitrary: fc.constantFrom(...EDGE_VALUES) },
	{ weight: 5, arbitrary: padded(idLike) },
	{ weight: 4, arbitrary: poisoned(fc.string({ unit: piece, maxLength: 12 })) },
	{ weight: 3, arbitrary: blank },
	{ weight: 3, arbitrary: numberValue },
	{ weight: 2, arbitrary: padded(longText) },
	{ weight: 1, arbitrary: longUnicode },
	{
		weight: 2,
		arbitrary: aroundChunkBoundary(safeAscii, fc.string({ unit: piece, maxLength: 8 })),
	},
);

/** List separators: an email carrying one is refused (case C37); `separatedEmail` makes those. */
const SEPARATORS = /[,;]/;
/**
 * One character for an email's local part: special characters included, '@' and
 * whitespace rarely, list separators never (see `separatedEmail`).
 */
const localPiece = fc.oneof(
	{
		weight: 40,
		arbitrary: printableAscii.filter((c) => c !== '@' && c !== ' ' && !SEPARATORS.test(c)),
	},
	{
		weight: 25,
		arbitrary: fc.constantFrom(...SPECIALS.filter((s) => !s.includes('@') && !SEPARATORS.test(s))),
	},

	{ weight: 10, arbitrary: visibleUnicode },
	{ weight: 1, arbitrary: anyCodePoint },
	{ weight: 6, arbitrary: fc.constantFrom(...EMOJI) },
	{ weight: 1, arbitrary: fc.constantFrom(' ', '@', '\u00A0', '\u200B') },
	{ weight: 1, arbitrary: unwantedCharacter },
);
/** One character for a domain label (no dot, space or '@': broken domains are made below). */
const labelPiece = fc.oneof(
	{ weight: 50, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-') },
	{
		weight: 10,
		arbitrary: fc.constantFrom(
			'/',
			'?',
			'#',
			'&',
			'=',
			'+',
			'%',
			'_',
			'~',
			'!',
			'$',
			'*',
			"'",
			'(',
			')',
			':',
		),
	},
	{ weight: 8, arbitrary: visibleUnicode },
	{ weight: 4, arbitrary: fc.constantFrom(...EMOJI) },
);
const label = fc.string({ unit: labelPiece, minLength: 1, maxLength: 12 });
const domain = fc.oneof(
	{
		weight: 12,
		arbitrary: fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')),
	},
	{ weight: 6, arbitrary: fc.domain() },
	// sometimes broken: a single label, empty labels, or a space or '@' inside
	{
		weight: 1,
		arbitrary: fc
			.array(fc.oneof(label, fc.constantFrom('', ' ', '@', 'a b')), { minLength: 1, maxLength: 4 })
			.map((labels) => labels.join('.')),
	},
);
const localPart = fc.string({ unit: localPiece, minLength: 1, maxLength: 20 });
const builtEmail = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`);
/** An almost-email with one defect. */
const brokenEmail = fc
	.tuple(localPart, domain, fc.integer({ min: 0, max: 5 }))
	.map(([local, host, defect]) => {
		switch (defect) {
			case 0:
				return `${local}${host}`; // no '@'
			case 1:
				return `${local}@@${host}`;
			case 2:
				return `${local}@${host}.`;
			case 3:
				return `@${host}`;
			case 4:
				return `${local} @${host}`;
			default:
				return `${local}@${host.split('.')[0]}`; // no dot
		}
	});
const longEmail = fc
	.tuple(
		longText.map((t) => t.replace(/[@\s]/g, '_')),
		domain,
	)
	.map(([local, host]) => `${local}@${host}`);

/** An address with a list separator after it, alone or before another (case C37). */
const separatedEmail = fc
	.tuple(builtEmail, fc.constantFrom(',', ';', ', ', '; '), fc.option(builtEmail))
	.map(([first, separator, second]) => `${first}${separator}${second ?? ''}`);

/** Values for the Email selector: mostly built addresses, plus defects and arbitrary strings. */
const emailValue: fc.Arbitrary<string> = fc.oneof(
	{ weight: 60, arbitrary: padded(builtEmail) },
	{ weight: 8, arbitrary: padded(fc.emailAddress()) },
	{ weight: 8, arbitrary: brokenEmail },
	{ weight: 4, arbitrary: fc.constantFrom(...EDGE_EMAILS) },
	{ weight: 4, arbitrary: poisoned(builtEmail) },
	{ weight: 3, arbitrary: padded(separatedEmail) },
	{ weight: 7, arbitrary: padded(fc.string({ unit: piece, maxLength: 24 })) },
	{ weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
	{ weight: 2, arbitrary: blank },
	{ weight: 2, arbitrary: padded(longEmail) },
	{ weight: 1, arbitrary: padded(longText) },
	{ weight: 3, arbitrary: padded(aroundChunkBoundary(safeAsciiNoAt, builtEmail)) },
);

const VALUES: Record<Selector, fc.Arbitrary<string | number>> = {
	id: textOrNumberValue,
	email: emailValue,
	userId: textOrNumberValue,
};

// ---------------------------------------------------------------------------
// Checking one batch.
// ---------------------------------------------------------------------------

/** A raw path segment: pchar except '/', with '%' only in %XX (RFC 3986). */
const RAW_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
/** A raw query value: query chars except '&' (a separator), with '%' only in %XX (RFC 3986). */
const RAW_QUERY_VALUE = /^(?:[A-Za-z0-9\-._~!$'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/** What one request decodes to, or why it is not a request to the intended endpoint. */
function decodeRequest(
	selector: Selector,
	request: RecordedRequest,
): { value: string } | { problem: string } {
	const shown = `${request.method} ${request.path}${request.rawQuery === '' ? '' : `?${request.rawQuery}`}`;
	if (request.method !== 'DELETE') return { problem: `unexpected method: ${short(shown)}` };
	if (selector === 'id') {
		if (!request.path.startsWith('/users/'))
			return { problem: `request outside /users/<id>: ${short(shown)}` };
		if (request.rawQuery !== '')
			return { problem: `query string on an id request: ${short(shown)}` };
		const segment = request.path.slice('/users/'.length);
		if (/[/?#]/.test(segment)) return { problem: `path is not one segment: ${short(shown)}` };
		if (!RAW_SEGMENT.test(segment))
			return { problem: `segment is not percent-encoded: ${short(shown)}` };
		try {
			return { value: decodeURIComponent(segment) };
		} catch {
			return { problem: `segment does not decode: ${short(shown)}` };
		}
	}
	const name = QUERY_NAME[selector];
	if (request.path !== '/users')
		return { problem: `request outside /users?${name}=: ${short(shown)}` };
	const parts = request.rawQuery.split('&');
	if (parts.length !== 1) return { problem: `more than one query parameter: ${short(shown)}` };
	if (!request.rawQuery.startsWith(`${name}=`))
		return { problem: `query is not ${name}=…: ${short(shown)}` };
	if (!RAW_QUERY_VALUE.test(request.rawQuery.slice(name.length + 1))) {
		return { problem: `query value is not percent-encoded: ${short(shown)}` };
	}
	const entries = [...new URLSearchParams(request.rawQuery)];
	if (entries.length !== 1 || entries[0][0] !== name)
		return { problem: `query does not parse to one ${name}: ${short(shown)}` };
	return { value: entries[0][1] };
}

/**
 * Archive by Intercom ID on the Users API follows a 404 with `GET /contacts/<same segment>`
 * (a lead's ID answers 404 as nobody's does): such a read is part of the model.
 */
function isLeadRead(selector: Selector, request: RecordedRequest): boolean {
	return selector === 'id' && request.method === 'GET' && request.path.startsWith('/contacts/');
}

/** Each lead read must repeat the segment of an earlier DELETE /users/<segment>, once. */
function checkLeadReads(selector: Selector, requests: RecordedRequest[]): string[] {
	const problems: string[] = [];
	const deleted = new Map<string, number>();
	for (const request of requests) {
		if (request.method === 'DELETE' && request.path.startsWith('/users/')) {
			addTo(deleted, request.path.slice('/users/'.length), 1);
		} else if (isLeadRead(selector, request)) {
			const segment = request.path.slice('/contacts/'.length);
			if (request.rawQuery !== '' || !deleted.has(segment)) {
				problems.push(`lead read without its 404'd archive: ${short(request.path)}`);
			} else addTo(deleted, segment, -1);
		}
	}
	return problems;
}

function short(text: string): string {
	const json = JSON.stringify(text);
	return json.length > 160 ? `${json.slice(0, 120)}…(${text.length} chars)` : json;
}

function show(value: string | number): string {
	return typeof value === 'number'
		? `number ${Object.is(value, -0) ? '-0' : String(value)}`
		: short(value);
}

function addTo(bag: Map<string, number>, key: string, delta: number): void {
	const next = (bag.get(key) ?? 0) + delta;
	if (next === 0) bag.delete(key);
	else bag.set(key, next);
}

/** Every way the batch's run and requests differ from the model, as readable lines. */
function checkBatch(
	selector: Selector,
	values: Array<string | number>,
	items: INodeExecutionData[],
	requests: RecordedRequest[],
	runError: unknown,
	tally: { unwanted: number },
): string[] {
	const problems: string[] = [];
	if (runError) problems.push(`the run failed: ${String((runError as Error).message ?? runError)}`);
	if (items.length !== values.length)
		problems.push(`${values.length} items in, ${items.length} items out`);

	const expectedOnWire = new Map<string, number>(); // values that never reached the wire
	const required = new Set<string>(); // NFC values that must reach the wire
	const conflicted = new Set<string>(); // spellings answered with a conflict (sent again)
	const senders = new Map<string, number[]>(); // spelling → item indexes that may send it
	values.forEach((value, index) => {
		const item = items[index] as INodeExecutionData | undefined;
		const paired = item?.pairedItem as { item?: unknown } | undefined;
		if (!item || typeof paired !== 'object' || Array.isArray(paired) || paired.item !== index) {
			problems.push(
				`item ${index} (${show(value)}): pairedItem is ${JSON.stringify(item?.pairedItem)}, expected { item: ${index} }`,
			);
		}
		const json = (item?.json ?? {}) as IDataObject;
		const error = typeof json.error === 'string' ? json.error : undefined;
		const rejections = expectedRejections(selector, value);
		const rejected = error !== undefined && looksLikeValidationMessage(selector, error);
		// A control, invisible or separator character is always what the error names, by code point.
		const trimmed = String(value).trim();
		const unwanted = hasLoneSurrogate(trimmed) ? undefined : firstUnwanted(trimmed);
		if (unwanted !== undefined) {
			tally.unwanted++;
			if (error !== `${LABEL[selector]} ${unwanted}`) {
				problems.push(
					`item ${index} (${show(value)}): got ${short(error ?? `user ${String(json.id)}`)}, expected ${JSON.stringify(`${LABEL[selector]} ${unwanted}`)}`,
				);
			}
		}
		if (rejected) {
			if (rejections.length === 0) {
				problems.push(
					`item ${index} (${show(value)}): refused with ${short(error)}, but the rules accept it`,
				);
			} else if (!rejections.includes(error)) {
				problems.push(
					`item ${index} (${show(value)}): refused with ${short(error)}, expected one of ${JSON.stringify(rejections)}`,
				);
			}
			return;
		}
		if (rejections.length > 0) {
			problems.push(
				`item ${index} (${show(value)}): not refused (got ${short(error ?? `user ${String(json.id)}`)}), expected ${JSON.stringify(rejections)}`,
			);
			return;
		}
		// Sent: the item is the archived User, another item's user (duplicate) or an Intercom
		// answer about a user, nothing else.
		const conflict =
			error !== undefined &&
			/^Intercom: Multiple (existing )?users match .*\(conflict\)$/.test(error);
		const duplicate = error === undefined && json.outcome === 'duplicate';
		const okAnswer =
			error === undefined
				? json.type === 'user' || duplicate
				: error === 'Intercom: User Not Found (not_found)' || conflict;
		if (!okAnswer)
			problems.push(
				`item ${index} (${show(value)}): unexpected item ${short(JSON.stringify(json))}`,
			);
		// Sent in Unicode NFC first, then (while nobody is found) in its other spellings:
		// the form as given (C28), an email's other IDN domain spelling (C43) or lowercase
		// (C46). A duplicate may have sent nothing; any other item's NFC value is on the wire.
		const given = String(value).trim();
		const composed = given.normalize('NFC');
		const spellings = spellingsOf({
			by: selector,
			value: composed,
			label: LABEL[selector],
			...(composed !== given ? { given } : {}),
		}).map((spelling) => spelling.value);
		for (const key of spellings) senders.set(key, [...(senders.get(key) ?? []), index]);
		if (conflict) for (const key of spellings) conflicted.add(key);
		if (!duplicate) required.add(composed);
	});

	const onWire = new Map<string, number>();
	for (const problem of checkLeadReads(selector, requests)) problems.push(problem);
	for (const request of requests.filter((r) => !isLeadRead(selector, r))) {
		const decoded = decodeRequest(selector, request);
		if ('problem' in decoded) {
			problems.push(decoded.problem);
			continue;
		}
		addTo(onWire, decoded.value, 1);
	}
	const unexpected = new Map<string, number>();
	for (const [value, count] of onWire) {
		if (!senders.has(value)) addTo(unexpected, value, count);
		else if (count > 1 && !conflicted.has(value))
			problems.push(`${count}× the same request for ${short(value)}, expected once per batch`);
	}
	for (const value of required) {
		if (!onWire.has(value)) addTo(expectedOnWire, value, 1);
	}
	// Pair each value that never arrived with the closest unexpected arrival, to show what it became.
	const arrivals = [...unexpected.keys()];
	for (const [value, count] of expectedOnWire) {
		const items = JSON.stringify(senders.get(value));
		const closest = arrivals
			.map((arrived) => ({ arrived, at: firstDifference(value, arrived) }))
			.sort((a, b) => b.at - a.at)[0];
		if (closest && closest.at > 0) {
			arrivals.splice(arrivals.indexOf(closest.arrived), 1);
			problems.push(
				`value ${short(value)} (${value.length} UTF-16 units, item(s) ${items}) arrived as ${short(closest.arrived)}` +
					` (${closest.arrived.length} units): first difference at index ${closest.at},` +
					` expected ${unitsAround(value, closest.at)}, got ${unitsAround(closest.arrived, closest.at)}`,
			);
		} else {
			problems.push(`${count}× no matching request for ${short(value)} (item(s) ${items})`);
		}
	}
	for (const arrived of arrivals) {
		problems.push(
			`${unexpected.get(arrived)}× a request decoded to ${short(arrived)}, which no item asked for`,
		);
	}
	return problems;
}

/** Index of the first UTF-16 unit where a and b differ (the shorter length if one is a prefix of the other). */
function firstDifference(a: string, b: string): number {
	let i = 0;
	while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
	return i;
}

/** The UTF-16 units around `index`, as U+XXXX codes. */
function unitsAround(text: string, index: number): string {
	const units: string[] = [];
	for (let i = Math.max(0, index - 2); i < Math.min(text.length, index + 3); i++) {
		units.push(
			`${i === index ? '>' : ''}U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`,
		);
	}
	return `[${units.join(' ')}]`;
}

// ---------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------

let triedTotal = 0;

afterAll(() => {
	process.stdout.write(`${triedTotal} generated inputs tried\n`);
});

describe('generated values reach exactly the intended endpoint, encoded, or are refused before sending', () => {
	// The node paces itself by X-RateLimit-Remaining; a large quota keeps 30,000 requests from waiting for windows.
	const env = useSimulator({ rateLimit: { limit: 10_000_000, windowMs: 600_000 } });

	it.each<[Selector]>([['id'], ['email'], ['userId']])(
		'archive by %s',
		async (selector) => {
			const seed = seedFor(selector);
			let tried = 0;
			let sent = 0;
			const tally = { unwanted: 0 };
			const failures: string[] = [];
			let batch = 0;
			// Every batch runs, even after a failing one, so that one run reports every problem found.
			const details = await fc.check(
				fc.asyncProperty(
					fc.array(VALUES[selector], { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }),
					async (values) => {
						batch++;
						env.sim.clearRequests();
						const { items, error } = await runNode(
							env.baseUrl,
							{ archiveBy: selector, [PARAMETER[selector]]: '={{ $json.v }}' },
							{
								items: values.map((v) => ({ v })),
								nodeSettings: { onError: 'continueRegularOutput' },
							},
						);
						tried += values.length;
						triedTotal += values.length;
						const requests = [...env.sim.requests];
						sent += requests.filter((request) => !isLeadRead(selector, request)).length;
						for (const problem of checkBatch(selector, values, items, requests, error, tally)) {
							failures.push(`batch ${batch}: ${problem}`);
						}
					},
				),
				{ seed, numRuns: BATCHES_PER_SELECTOR },
			);
			if (details.failed)
				throw new Error(`fast-check run failed (seed ${seed}): ${String(details.errorInstance)}`);
			if (failures.length > 0) {
				const listed = failures.slice(0, 30).join('\n  ');
				const more = failures.length > 30 ? `\n  … and ${failures.length - 30} more` : '';
				throw new Error(
					`archive by ${selector}: ${failures.length} problem(s) in ${tried} generated values ` +
						`(fast-check seed ${seed}; rerun with FC_SEED=${seed}):\n  ${listed}${more}`,
				);
			}
			expect(tried).toBeGreaterThanOrEqual(10_000);
			// Both outcomes must actually be exercised.
			expect(sent).toBeGreaterThan(tried / 2);
			expect(tried - sent).toBeGreaterThan(tried / 50);
			// Values with control, invisible or separator characters are exercised, and were all refused (above).
			expect(tally.unwanted).toBeGreaterThan(tried / 50);
		},
		180_000,
	);
});
