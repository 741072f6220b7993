import type { SimUser } from '../tools/intercom-simulator/simulator';
import { loadSeedUsers } from '../tools/intercom-simulator/simulator';

/** Intercom ids of the seeded users the tests name (tools/intercom-simulator/seed-users.json). */
export const WASH = '5714dd359a3fd47136000001'; // wash@serenity.io, user_id 25
export const PLUS = '5714dd359a3fd47136000002'; // first+tag@example.com, user_id 26
export const SPACE = '5714dd359a3fd47136000004'; // "first tag@example.com": what a raw + would hit
export const DUP_A = '5714dd359a3fd47136000005'; // dup@example.com, user_id 29
export const DUP_B = '5714dd359a3fd47136000006'; // dup@example.com, user_id 30
export const SOLO = '5714dd359a3fd47136000007'; // solo@example.com, user_id 31
export const MAL = '5714dd359a3fd47136000008'; // mal@serenity.io, user_id 32
export const LEAD = '5714dd359a3fd47136000009'; // lead@example.com, a lead without user_id

/**
 * `count` users cloned from the first seed user, with ids `<prefix>000…<n>`,
 * user_ids `<prefix>-<n>` and, unless one `email` is given for all, emails
 * `<prefix>-<n>@example.com`.
 */
export function bulkUsers(count: number, prefix = 'bulk', email?: string): SimUser[] {
	const template = loadSeedUsers()[0];
	return Array.from({ length: count }, (_, index) => ({
		...template,
		id: `${prefix}${String(index).padStart(20, '0')}`,
		user_id: `${prefix}-${index}`,
		email: email ?? `${prefix}-${index}@example.com`,
	}));
}
