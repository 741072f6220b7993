/**
 * The simulator's state: every record (an Intercom 1.x User object, which is also a
 * 2.x contact), its archived / deleted state, the order of archiving and deletion,
 * and an index from email and from user_id to the records carrying it, so that the
 * `?email=` / `?user_id=` routes and `POST /contacts/search` find records in O(1)
 * instead of scanning every record. Also the seed fixture loader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * An Intercom 1.x User object (Intercom API 1.4, "User model").
 *
 * `id` is Intercom's own id (24 hex characters); `user_id` is the id the workspace
 * assigned; `email` is not unique. All other User fields (`phone`, `name`,
 * `created_at` in UNIX seconds, `custom_attributes`, `companies`, ...) are carried
 * through untouched.
 */
export interface SimUser {
	type: 'user';
	id: string;
	user_id: string | null;
	email: string | null;
	[key: string]: unknown;
}

/**
 * The role of an Intercom 2.x contact: a `user` (someone who signed up; the same
 * person as a 1.x User) or a `lead` (a visitor who left an email or chatted; not a
 * 1.x User, so the 1.x Users routes never see leads).
 */
export type ContactRole = 'user' | 'lead';

/**
 * One stored record: the User object exactly as Intercom 1.x would return it, plus
 * state. `role` decides whether the 1.x Users routes see it (users only); a
 * `deleted` record is gone for every route but stays in the store for inspection.
 * The `user` object is never changed after construction.
 */
export interface StoredRecord {
	user: SimUser;
	archived: boolean;
	role: ContactRole;
	deleted: boolean;
	/** The admin who owns the contact (2.x `owner_id`), or null; never on the 1.x User. */
	ownerId: number | null;
	/** The id of the contact this one was merged into (`POST /contacts/merge`), or null. */
	mergedInto: string | null;
}

/** A record as {@link UserStore.snapshot} reports it: a copy of the User plus its state. */
export type UserSnapshot = SimUser & { archived: boolean; deleted: boolean; role: ContactRole };

/** The fields of a User the store indexes (exact, case-sensitive string equality). */
export type IndexedField = 'email' | 'user_id';

/**
 * How lookups compare emails: `exact` (the default: string equality, case-sensitive)
 * or `caseInsensitive` (letter case ignored). Intercom's API reference says neither
 * for `GET /users?email=`, `DELETE /users?email=` nor the search's `=` operator, so
 * the simulator offers both, and the node is tested against both.
 */
export type EmailMatch = 'exact' | 'caseInsensitive';

/** The fixture file read by {@link loadSeedUsers}. */
const SEED_FILE = 'seed-users.json';

/** The first `POST /user_delete_requests` answers `{"id": 10001}`, the next 10002, ... */
const FIRST_DELETE_REQUEST_ID = 10001;

/**
 * Reads the seed fixture `tools/intercom-simulator/seed-users.json`: eight Intercom 1.x
 * User objects (Intercom API 1.4 User model), among them "Hoban Washburne"
 * (id 5714dd359a3fd47136000001, the user in Intercom's "Archive a user" examples),
 * users whose emails differ only by '+' versus ' ', and two users sharing
 * "dup@example.com"; plus one 2.x lead (id 5714dd359a3fd47136000009, email
 * "lead@example.com", no user_id, `role: "lead"`), stored in the same User shape
 * and invisible to the 1.x Users routes. For searches: every record has a
 * `last_request_at` (the 2.x `last_seen_at`) and the users a `signed_up_at`;
 * ...08 (Malcolm) is in segment 5714dd359a3fd4713600a001 and tagged 7001 "churned",
 * ...07 (Solo) in segments ...a001 and ...a002, ...05 (Duplicate Email One) tagged
 * 7001, the lead in segment ...a002.
 *
 * Looks next to this module first, then in `<cwd>/intercom-simulator/`.
 * Returns a fresh array of fresh objects on every call (mutating it is safe).
 * Throws an Error if the file cannot be found or is not an array of objects with
 * `type: "user"` and a string `id`.
 */
export function loadSeedUsers(): SimUser[] {
	const candidates = [
		path.join(__dirname, SEED_FILE),
		path.join(process.cwd(), 'intercom-simulator', SEED_FILE),
	];
	let text: string | undefined;
	for (const file of candidates) {
		try {
			text = readFileSync(file, 'utf8');
			break;
		} catch {
			// try the next location
		}
	}
	if (text === undefined) {
		throw new Error(
			`Intercom simulator: cannot find ${SEED_FILE} (looked in ${candidates.join(', ')})`,
		);
	}
	const parsed: unknown = JSON.parse(text);
	if (!Array.isArray(parsed) || !parsed.every(isSimUser)) {
		throw new Error(`Intercom simulator: ${SEED_FILE} must be an array of User objects`);
	}
	return parsed;
}

/** True when `value` looks like a SimUser (type "user" and a string id). */
function isSimUser(value: unknown): value is SimUser {
	if (typeof value !== 'object' || value === null) return false;
	const record = value as Record<string, unknown>;
	return record.type === 'user' && typeof record.id === 'string';
}

/**
 * True for a record the 1.x Users routes can see: role "user", neither archived nor
 * deleted (Intercom API 1.x: archived users and leads are not Users).
 */
export function isLiveUser(stored: StoredRecord): boolean {
	return stored.role === 'user' && !stored.archived && !stored.deleted;
}

/**
 * The in-memory records of one simulator, keyed by Intercom id, in the order they
 * were given, with O(1) lookup by id, email and user_id.
 *
 * Records are never removed: a permanently deleted one keeps its place with
 * `deleted: true`. Emails and user_ids never change (the simulator has no update
 * route), so the email / user_id index is built once, in the constructor.
 */
export class UserStore {
	/**
	 * When the store was built, in UNIX seconds: the `created_at` a 2.x contact
	 * reports when its User has none.
	 */
	readonly constructedAt = Math.floor(Date.now() / 1000);

	private readonly records = new Map<string, StoredRecord>();
	private readonly byField: Record<IndexedField, Map<string, StoredRecord[]>> = {
		email: new Map(),
		user_id: new Map(),
	};
	private readonly archiveOrder: string[] = [];
	private readonly deletionOrder: string[] = [];
	private deleteRequestCount = 0;
	/** How email lookups and searches compare (see {@link EmailMatch}). */
	readonly emailMatch: EmailMatch;

	/**
	 * Stores a deep copy of `users` (default: {@link loadSeedUsers}()). An entry
	 * carrying `archived: true` starts out archived; one carrying `role: 'lead'` is a
	 * 2.x lead (default `role: 'user'`); one carrying `owner_id` (an admin's id, an
	 * integer) has that contact owner; one carrying `merged_into` (another record's id)
	 * was merged into that contact; none of these is kept on the stored User.
	 * Throws a TypeError for a duplicate `id`, a `role` other than 'user' / 'lead', an
	 * `owner_id` that is not an integer or a `merged_into` that is not a string.
	 * `emailMatch` says how email lookups compare (see {@link EmailMatch}).
	 */
	constructor(users?: SimUser[], emailMatch: EmailMatch = 'exact') {
		this.emailMatch = emailMatch;
		const initial = users ? structuredClone(users) : loadSeedUsers();
		for (const raw of initial) {
			const { archived, role, owner_id: ownerId, merged_into: mergedInto, ...user } = raw;
			if (this.records.has(user.id)) {
				throw new TypeError(`Intercom simulator: duplicate user id ${user.id}`);
			}
			if (role !== undefined && role !== 'user' && role !== 'lead') {
				throw new TypeError(
					`Intercom simulator: user ${user.id} has role ${String(role)}, expected 'user' or 'lead'`,
				);
			}
			if (ownerId !== undefined && ownerId !== null && !Number.isSafeInteger(ownerId)) {
				throw new TypeError(
					`Intercom simulator: user ${user.id} has owner_id ${String(ownerId)}, expected an integer`,
				);
			}
			if (mergedInto !== undefined && mergedInto !== null && typeof mergedInto !== 'string') {
				throw new TypeError(
					`Intercom simulator: user ${user.id} has merged_into ${String(mergedInto)}, expected an id`,
				);
			}
			const stored: StoredRecord = {
				user: user as SimUser,
				archived: archived === true,
				role: role === 'lead' ? 'lead' : 'user',
				deleted: false,
				ownerId: typeof ownerId === 'number' ? ownerId : null,
				mergedInto: typeof mergedInto === 'string' ? mergedInto : null,
			};
			this.records.set(user.id, stored);
			this.addToIndex('email', stored);
			this.addToIndex('user_id', stored);
			if (archived === true) this.archiveOrder.push(user.id);
		}
	}

	/** Adds a record under its value of `field` when that value is a string. */
	private addToIndex(field: IndexedField, stored: StoredRecord): void {
		const value = stored.user[field];
		if (typeof value !== 'string') return;
		const key = this.indexKey(field, value);
		const list = this.byField[field].get(key);
		if (list) list.push(stored);
		else this.byField[field].set(key, [stored]);
	}

	/** The index key of a value: the email in lowercase when emails match case-insensitively. */
	private indexKey(field: IndexedField, value: string): string {
		return field === 'email' && this.emailMatch === 'caseInsensitive' ? value.toLowerCase() : value;
	}

	/** The record with this Intercom id (any state), or undefined. O(1). */
	get(id: string): StoredRecord | undefined {
		return this.records.get(id);
	}

	/**
	 * Every record (any state, users and leads) whose `field` is exactly `value`
	 * (case-sensitive; an email in any case with `emailMatch: 'caseInsensitive'`), in
	 * store order; [] when none. O(1) plus the size of the answer. The returned array
	 * is a copy.
	 */
	withValue(field: IndexedField, value: string): StoredRecord[] {
		return [...(this.byField[field].get(this.indexKey(field, value)) ?? [])];
	}

	/** Every record (any state), in store order. */
	all(): IterableIterator<StoredRecord> {
		return this.records.values();
	}

	/**
	 * Sets the archived flag of a record. Archiving appends its id to
	 * {@link archivedIds} (unless already archived); unarchiving removes it. Idempotent.
	 */
	setArchived(stored: StoredRecord, archived: boolean): void {
		if (archived && !stored.archived) {
			stored.archived = true;
			this.archiveOrder.push(stored.user.id);
		} else if (!archived && stored.archived) {
			stored.archived = false;
			const index = this.archiveOrder.indexOf(stored.user.id);
			if (index !== -1) this.archiveOrder.splice(index, 1);
		}
	}

	/**
	 * Marks a record permanently deleted: it leaves {@link archivedIds} and is appended
	 * to {@link deletedIds}; its `archived` flag keeps its last value.
	 */
	markDeleted(stored: StoredRecord): void {
		stored.deleted = true;
		this.deletionOrder.push(stored.user.id);
		const index = this.archiveOrder.indexOf(stored.user.id);
		if (index !== -1) this.archiveOrder.splice(index, 1);
	}

	/** The id of the next `POST /user_delete_requests` answer: 10001, then 10002, ... */
	nextDeleteRequestId(): number {
		this.deleteRequestCount += 1;
		return FIRST_DELETE_REQUEST_ID - 1 + this.deleteRequestCount;
	}

	/**
	 * A deep copy of the record's User plus `archived`, `deleted` and `role`;
	 * undefined if the id was never known.
	 */
	snapshot(id: string): UserSnapshot | undefined {
		const stored = this.records.get(id);
		if (!stored) return undefined;
		return {
			...structuredClone(stored.user),
			archived: stored.archived,
			deleted: stored.deleted,
			role: stored.role,
		};
	}

	/** The Intercom ids of all records archived now, in the order they were archived (a copy). */
	archivedIds(): string[] {
		return [...this.archiveOrder];
	}

	/** The Intercom ids of all permanently deleted records, in the order they were deleted (a copy). */
	deletedIds(): string[] {
		return [...this.deletionOrder];
	}
}
