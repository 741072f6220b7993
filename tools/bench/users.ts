/**
 * Deterministic synthetic Intercom users for the benchmarks. The parent (which
 * seeds the simulator) and the measured worker (which archives them) both
 * derive the same list from N alone, so no user list crosses the process
 * boundary.
 */
import type { SimUser } from '../intercom-simulator/simulator';

/** 24 lower-case hex characters derived from `index` (unique for index < 2^48). */
function hexId(index: number): string {
	const counter = index.toString(16).padStart(12, '0');
	return `5f00be4c${counter}0000`.slice(0, 24);
}

/**
 * The email of synthetic user `index`. Includes a `+` tag on every third user
 * so the query-string encoding (`+` → `%2B`, `@` → `%40`) is exercised.
 */
export function benchEmail(index: number): string {
	return index % 3 === 0 ? `bench.user${index}+tag@example.com` : `bench.user${index}@example.com`;
}

/**
 * `n` distinct Intercom 1.x users: `id` is 24 hex characters, `user_id` is
 * `bench-<index>`, `email` is {@link benchEmail}(index); all unique. Same `n`,
 * same users, in every process.
 */
export function generateUsers(n: number): SimUser[] {
	const users: SimUser[] = [];
	for (let index = 0; index < n; index++) {
		users.push({
			type: 'user',
			id: hexId(index),
			user_id: `bench-${index}`,
			email: benchEmail(index),
			name: `Bench User ${index}`,
			created_at: 1_700_000_000 + index,
			custom_attributes: { plan: index % 2 === 0 ? 'pro' : 'free' },
		});
	}
	return users;
}

/**
 * The rest of an Intercom 1.4 User object, as Intercom's answer to an archive carries it
 * (the fields of the simulator's seed users: tools/intercom-simulator/seed-users.json), with
 * values typical of a signed-up user and empty lists. Derived from `index` alone.
 */
function fullProfile(index: number): Record<string, unknown> {
	const created = 1_700_000_000 + index;
	return {
		phone: `+35315${String(index).padStart(6, '0')}`,
		pseudonym: null,
		anonymous: false,
		updated_at: created + 86_400,
		last_request_at: created + 3_600,
		signed_up_at: created,
		session_count: 1 + (index % 40),
		unsubscribed_from_emails: index % 5 === 0,
		last_seen_ip: `203.0.113.${index % 256}`,
		user_agent_data: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15',
		referrer: null,
		utm_source: null,
		custom_attributes: { plan: index % 2 === 0 ? 'pro' : 'free', seats: 1 + (index % 9) },
		avatar: { type: 'avatar', image_url: null },
		location_data: {
			type: 'location_data',
			city_name: 'Dublin',
			country_name: 'Ireland',
			country_code: 'IRL',
			timezone: 'Europe/Dublin',
			continent_code: 'EU',
			region_name: 'Leinster',
			postal_code: null,
			latitude: 53.3498,
			longitude: -6.2603,
		},
		companies: { type: 'company.list', companies: [] },
		segments: { type: 'segment.list', segments: [] },
		tags: { type: 'tag.list', tags: [] },
		social_profiles: { type: 'social_profile.list', social_profiles: [] },
	};
}

/**
 * {@link generateUsers}(n) with every field of an Intercom 1.4 User object (see
 * {@link fullProfile}): what the node's output holds when Intercom answers with a whole user.
 */
export function generateFullUsers(n: number): SimUser[] {
	return generateUsers(n).map((user, index) => ({ ...user, ...fullProfile(index) }));
}

/** The emails of {@link generateUsers}(n), in the same order. */
export function benchEmails(n: number): string[] {
	return Array.from({ length: n }, (_, index) => benchEmail(index));
}
