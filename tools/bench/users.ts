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

/** The emails of {@link generateUsers}(n), in the same order. */
export function benchEmails(n: number): string[] {
	return Array.from({ length: n }, (_, index) => benchEmail(index));
}
