/**
 * The records `npm run simulator` starts with: the seed fixture, a JSON file of the
 * same shape (--users), and generated users and leads with predictable emails
 * (--generate, --leads). Errors name the file, the line and the field at fault.
 */
import type { SimUser } from './store';

/** The most records --generate or --leads may ask for. */
export const MAX_GENERATED = 100_000;

/** Where each top-level entry of a JSON array starts, and where its own keys are. */
interface EntryPosition {
	start: number;
	keys: Map<string, number>;
}

/** The 1-based line of character `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 1;
	for (let index = 0; index < offset && index < text.length; index++) {
		if (text[index] === '\n') line++;
	}
	return line;
}

/**
 * Scans valid JSON text for the positions of the top-level array's entries and of
 * each entry's own keys, so that an error can name a line (JSON.parse gives none).
 */
function entryPositions(text: string): EntryPosition[] {
	const entries: EntryPosition[] = [];
	let depth = 0;
	let expectEntry = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '"') {
			const start = index;
			for (index++; index < text.length && text[index] !== '"'; index++) {
				if (text[index] === '\\') index++;
			}
			if (expectEntry) entries.push({ start, keys: new Map() });
			expectEntry = false;
			const isKey = /^\s*:/.test(text.slice(index + 1, index + 20));
			const current = entries[entries.length - 1];
			if (depth === 2 && isKey && current) {
				const key = JSON.parse(text.slice(start, index + 1)) as string;
				if (!current.keys.has(key)) current.keys.set(key, start);
			}
			continue;
		}
		if (/\s/.test(char)) continue;
		if (expectEntry && char !== ']') entries.push({ start: index, keys: new Map() });
		expectEntry = false;
		if (char === '[' || char === '{') {
			depth++;
			if (depth === 1 && char === '[') expectEntry = true;
		} else if (char === ']' || char === '}') {
			depth--;
		} else if (char === ',' && depth === 1) {
			expectEntry = true;
		}
	}
	return entries;
}

/** A problem with one field of one entry: what to say, before the file and line are known. */
type FieldProblem = { field?: string; message: string };

/** What is wrong with one entry of a users file, or undefined when it is usable. */
function entryProblem(value: unknown): FieldProblem | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { message: 'must be a User object ({ "type": "user", "id": ... })' };
	}
	const record = value as Record<string, unknown>;
	if (record.type !== 'user') {
		return { field: 'type', message: `"type" must be "user", got ${JSON.stringify(record.type)}` };
	}
	if (typeof record.id !== 'string' || record.id === '') {
		return {
			field: 'id',
			message: `"id" must be a non-empty string, got ${JSON.stringify(record.id)}`,
		};
	}
	for (const field of ['email', 'user_id']) {
		const fieldValue = record[field];
		if (fieldValue !== undefined && fieldValue !== null && typeof fieldValue !== 'string') {
			return {
				field,
				message: `"${field}" must be a string or null, got ${JSON.stringify(fieldValue)}`,
			};
		}
	}
	if (record.role !== undefined && record.role !== 'user' && record.role !== 'lead') {
		return {
			field: 'role',
			message: `"role" must be "user" or "lead", got ${JSON.stringify(record.role)}`,
		};
	}
	if (record.archived !== undefined && typeof record.archived !== 'boolean') {
		return {
			field: 'archived',
			message: `"archived" must be true or false, got ${JSON.stringify(record.archived)}`,
		};
	}
	return undefined;
}

/**
 * Parses the text of a users file (the shape of seed-users.json: a JSON array of
 * Intercom 1.x User objects, each with `type: "user"` and a string `id`; optional
 * `email` and `user_id` (string or null, default null), `role` ("user" or "lead")
 * and `archived` (boolean)). Throws an Error naming `file`, the line and the field
 * for the first bad entry or a repeated id.
 */
export function parseUsersFile(text: string, file: string): SimUser[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		// Node 20 says "at position N", later versions "(line N column M)".
		const position = /position (\d+)/.exec(message);
		const stated = /line (\d+)/.exec(message);
		const line = stated
			? Number(stated[1])
			: position
				? lineAt(text, Number(position[1]))
				: undefined;
		const where = line === undefined ? '' : `, line ${line}`;
		throw new Error(`--users ${file}${where}: not valid JSON (${message})`);
	}
	if (!Array.isArray(parsed)) {
		throw new Error(`--users ${file}: must be a JSON array of User objects, like seed-users.json`);
	}
	const positions = entryPositions(text);
	const seen = new Map<string, number>();
	return parsed.map((value: unknown, index) => {
		const position = positions[index];
		const problem = entryProblem(value) ?? duplicateId(value, seen, index);
		if (problem) {
			const keyAt = problem.field === undefined ? undefined : position?.keys.get(problem.field);
			const offset = keyAt ?? position?.start;
			const line = offset === undefined ? '' : `, line ${lineAt(text, offset)}`;
			throw new Error(`--users ${file}${line}: entry ${index + 1}: ${problem.message}`);
		}
		const user = value as SimUser;
		return { ...user, email: user.email ?? null, user_id: user.user_id ?? null };
	});
}

/** A problem when this entry's id was already used by an earlier entry. */
function duplicateId(
	value: unknown,
	seen: Map<string, number>,
	index: number,
): FieldProblem | undefined {
	const id = (value as SimUser).id;
	const earlier = seen.get(id);
	seen.set(id, index);
	if (earlier === undefined) return undefined;
	return {
		field: 'id',
		message: `"id" ${JSON.stringify(id)} is already the id of entry ${earlier + 1}`,
	};
}

/** An Intercom-like id (24 hex characters) for generated record `n` of a kind. */
const generatedId = (prefix: string, n: number) => prefix + n.toString(16).padStart(22, '0');

/** When generated records were created: 2023-11-14 22:13:20 UTC (plus n seconds for record n). */
const GENERATED_CREATED_AT = 1700000000;

/** The days over which generated users' last visits spread: three years from their creation. */
const LAST_SEEN_SPREAD_DAYS = 1096;

/** Every this-many-th generated user has never been seen (no last_seen_at). */
const NEVER_SEEN_EVERY = 50;

/**
 * When generated user n was last seen, spread deterministically over the three years
 * after its creation at varied times of day (so date searches split them), or
 * undefined for every 50th user, who has never been seen.
 */
export function generatedLastSeen(n: number): number | undefined {
	if (n % NEVER_SEEN_EVERY === 0) return undefined;
	const day = (n * 7919) % LAST_SEEN_SPREAD_DAYS;
	const secondOfDay = (n * 3571) % 86400;
	return GENERATED_CREATED_AT + day * 86400 + secondOfDay;
}

/**
 * `users` generated users and `leads` generated leads with predictable values:
 * user n has email `user<n>@example.com`, user_id `user<n>`, name `User <n>`, id
 * `6a` + n in hex padded to 24 characters, created_at and signed_up_at 1700000000 + n
 * and a `last_request_at` (the 2.x `last_seen_at`, also its `updated_at`) from
 * {@link generatedLastSeen}; lead n has email `lead<n>@example.com`, no user_id and
 * id `6b...`.
 */
export function generateRecords(users: number, leads: number): SimUser[] {
	const records: SimUser[] = [];
	for (let n = 1; n <= users; n++) {
		const lastSeen = generatedLastSeen(n);
		records.push({
			type: 'user',
			id: generatedId('6a', n),
			user_id: `user${n}`,
			email: `user${n}@example.com`,
			name: `User ${n}`,
			created_at: GENERATED_CREATED_AT + n,
			signed_up_at: GENERATED_CREATED_AT + n,
			...(lastSeen === undefined ? {} : { last_request_at: lastSeen, updated_at: lastSeen }),
		});
	}
	for (let n = 1; n <= leads; n++) {
		records.push({
			type: 'user',
			id: generatedId('6b', n),
			user_id: null,
			email: `lead${n}@example.com`,
			name: `Lead ${n}`,
			created_at: GENERATED_CREATED_AT + n,
			role: 'lead',
		});
	}
	return records;
}

/**
 * The records to start with: `base` (the seed, or a --users file) followed by the
 * generated ones. Throws an Error when a generated id is already in `base`.
 */
export function combineRecords(base: SimUser[], generated: SimUser[]): SimUser[] {
	const ids = new Set(base.map((user) => user.id));
	const clash = generated.find((user) => ids.has(user.id));
	if (clash) {
		throw new Error(
			`--generate/--leads: id ${clash.id} is already used in the users given; change that entry's id`,
		);
	}
	return [...base, ...generated];
}

/** "38 users, 1 lead" for the records given. */
export function describeRecords(records: SimUser[]): string {
	const leads = records.filter((record) => record.role === 'lead').length;
	const users = records.length - leads;
	return `${users} user${users === 1 ? '' : 's'}, ${leads} lead${leads === 1 ? '' : 's'}`;
}
