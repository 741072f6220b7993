/**
 * The spellings of one value on their own (nodes/IntercomUsers/shared/spellings.ts):
 * the Punycode decoder against RFC 3492's samples and the URL parser's encoder, the
 * domain's two spellings, the keys that tell two values of a run apart, and the list
 * of spellings a lookup tries (cases C43 and C46; the engine-level tests are in
 * test/spellings.test.ts).
 */
import fc from 'fast-check';

import {
	domainToAscii,
	domainToUnicode,
	exactKey,
	foldedKey,
	otherDomainForm,
	punycodeDecode,
	spellingsOf,
} from '../../../../nodes/IntercomUsers/shared/spellings';

describe('punycodeDecode (RFC 3492)', () => {
	it.each([
		[
			'egbpdaj6bu4bxfgehfvwxn',
			'\u0644\u064a\u0647\u0645\u0627\u0628\u062a\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064a\u061f',
		],
		['ihqwcrb4cv8a8dqg056pqjye', '\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587'],
		['3B-ww4c5e180e575a65lsy2b', '3\u5e74B\u7d44\u91d1\u516b\u5148\u751f'],
		['-> $1.00 <--', '-> $1.00 <-'],
		['maana-pta', 'ma\u00f1ana'],
	])('C43: %s decodes to RFC 3492 sample text', (input, text) => {
		expect(punycodeDecode(input)).toBe(text);
	});

	it.each(['99999999999a', 'a\u00e9-b', 'ab-!', 'zz'])('C43: %j is no Punycode', (input) => {
		expect(punycodeDecode(input)).toBeUndefined();
	});

	it("C43: decodes what the URL parser's IDNA encoder wrote, for any lowercase Unicode label", () => {
		const letter = fc.constantFrom(
			...'abcz09\u00e9\u00f1\u00fc\u00df\u03b1\u03c9\u0436\u044f\u05d0\u0627\u4e2d\u6587\u00e5\u0161'.split(
				'',
			),
		);
		fc.assert(
			fc.property(fc.array(letter, { minLength: 1, maxLength: 20 }), (letters) => {
				const label = letters.join('').normalize('NFC');
				const ascii = domainToAscii(`${label}.example`);
				fc.pre(ascii !== undefined && ascii.startsWith('xn--'));
				expect(domainToUnicode(ascii as string)).toBe(`${label}.example`);
			}),
		);
	});
});

describe('the two spellings of a domain', () => {
	it.each([
		['zoe@ma\u00f1ana.example', 'zoe@xn--maana-pta.example'],
		['zoe@xn--maana-pta.example', 'zoe@ma\u00f1ana.example'],
		['zoe@XN--MAANA-PTA.Example', 'zoe@ma\u00f1ana.example'],
		['Zoe@MA\u00d1ANA.example', 'Zoe@xn--maana-pta.example'],
	])('C43: %s ↔ %s', (email, other) => {
		expect(otherDomainForm(email)).toBe(other);
	});

	it.each(['wash@serenity.io', 'a@xn--zz.example', 'a@xn--abc-.example', 'a@b/c\u00e9.io'])(
		'C43: %s has no other spelling',
		(email) => {
			expect(otherDomainForm(email)).toBeUndefined();
		},
	);
});

describe('keys of one address', () => {
	it('C46: a domain is one key in any case and either IDN spelling; the local part keeps its case', () => {
		expect(exactKey('email', 'Kaylee@Serenity.IO')).toBe('Kaylee@serenity.io');
		expect(exactKey('email', 'zoe@ma\u00f1ana.example')).toBe(
			exactKey('email', 'zoe@xn--maana-pta.example'),
		);
		expect(foldedKey('email', 'Kaylee@Serenity.IO')).toBe(foldedKey('email', 'kaylee@serenity.io'));
		expect(exactKey('userId', 'Kaylee-1')).toBe('Kaylee-1');
		expect(foldedKey('userId', 'Kaylee-1')).not.toBe(foldedKey('userId', 'kaylee-1'));
	});
});

describe('spellingsOf', () => {
	it('C46, C43: as given, the other domain spelling, then lowercase, each once', () => {
		const spellings = spellingsOf({
			by: 'email',
			value: 'Zoe@MA\u00d1ANA.example',
			label: 'Email',
		});
		expect(spellings).toEqual([
			{ value: 'Zoe@MA\u00d1ANA.example', kind: 'asGiven' },
			{ value: 'Zoe@xn--maana-pta.example', kind: 'domainForm' },
			{ value: 'zoe@ma\u00f1ana.example', kind: 'lowerCase' },
			{ value: 'zoe@xn--maana-pta.example', kind: 'lowerCase' },
		]);
	});

	it('a lowercase ASCII email, a user_id and an Intercom ID are looked up once, as given', () => {
		for (const [by, value] of [
			['email', 'wash@serenity.io'],
			['userId', 'Kaylee-1'],
			['id', 'ABC'],
		] as const) {
			expect(spellingsOf({ by, value, label: 'x' })).toEqual([{ value, kind: 'asGiven' }]);
		}
	});
});
