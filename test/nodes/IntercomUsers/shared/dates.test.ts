import { DateTime } from 'luxon';

import { toUnixSeconds } from '../../../../nodes/IntercomUsers/shared/dates';

const at = (iso: string) => ({ seconds: Math.floor(Date.parse(iso) / 1000) });

describe('toUnixSeconds: n8n date values as Unix seconds', () => {
	it.each([
		['an ISO time in UTC', '2024-06-15T12:00:00Z', 'UTC', at('2024-06-15T12:00:00Z')],
		[
			'an ISO time with an offset',
			'2024-06-15T14:00:00.000+02:00',
			'UTC',
			at('2024-06-15T12:00:00Z'),
		],
		[
			'a picker value in summer time (Berlin, +2)',
			'2024-06-15T14:00:00',
			'Europe/Berlin',
			at('2024-06-15T12:00:00Z'),
		],
		[
			'a picker value in winter time (Berlin, +1)',
			'2024-01-15T13:00:00',
			'Europe/Berlin',
			at('2024-01-15T12:00:00Z'),
		],
		[
			'a date alone: midnight in the time zone',
			'2024-06-15',
			'America/New_York',
			at('2024-06-15T04:00:00Z'),
		],
		[
			'the hour after a spring-forward gap',
			'2024-03-31T03:30:00',
			'Europe/Berlin',
			at('2024-03-31T01:30:00Z'),
		],
		['Unix seconds', 1718452800, 'UTC', { seconds: 1718452800 }],
		['Unix milliseconds', 1718452800123, 'UTC', { seconds: 1718452800 }],
		['Unix seconds as text', ' 1718452800 ', 'UTC', { seconds: 1718452800 }],
		['a JS Date', new Date('2024-06-15T12:00:00Z'), 'UTC', at('2024-06-15T12:00:00Z')],
		[
			'a Luxon DateTime',
			DateTime.fromISO('2024-06-15T14:00:00+02:00'),
			'UTC',
			at('2024-06-15T12:00:00Z'),
		],
	])('%s', (_what, value, timezone, expected) => {
		expect(toUnixSeconds(value, timezone)).toEqual(expected);
	});

	it.each([
		['a day that does not exist', '2024-02-30', '"2024-02-30" is not a date'],
		['words', 'two years ago', '"two years ago" is not a date'],
		['a negative number', -5, 'is -5, not a date'],
		['an object', { when: 1 }, 'must be a date, but the value is object'],
		['an invalid DateTime', DateTime.fromISO('nope'), 'is an invalid date'],
	])('%s is refused, saying why', (_what, value, problem) => {
		const read = toUnixSeconds(value, 'UTC');
		expect('problem' in read && read.problem).toContain(problem);
	});
});
