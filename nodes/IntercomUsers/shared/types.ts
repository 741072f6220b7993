/**
 * The node's vocabulary, shared by every layer (the bottom of the dependency
 * graph: this folder imports nothing of the node's own).
 */

/** The operations of the User resource (the `operation` parameter's values). */
export type UserOperation = 'archive' | 'unarchive' | 'permanentlyDelete';

/** Every operation of the User resource, in the order the node lists them. */
export const USER_OPERATIONS: readonly UserOperation[] = ['archive', 'unarchive', 'permanentlyDelete'];

/** How the user is picked: Intercom's id, the email, or your user_id (`external_id` in API 2.x). */
export type SelectBy = 'id' | 'email' | 'userId';

/** For each selector: the parameter holding its value and the label users see on that field. */
export const SELECT_BY: Record<SelectBy, { parameter: string; label: string }> = {
	id: { parameter: 'intercomId', label: 'Intercom ID' },
	email: { parameter: 'email', label: 'Email' },
	userId: { parameter: 'userId', label: 'User ID' },
};

/** The selector's label for each operation (the `archiveBy` parameter shows under these names). */
export const SELECTOR_LABEL: Record<UserOperation, string> = {
	archive: 'Archive By',
	unarchive: 'Unarchive By',
	permanentlyDelete: 'Delete By',
};

/** The user an item is about: the selector, its checked (trimmed) value, and the field label. */
export interface Target {
	by: SelectBy;
	value: string;
	label: string;
}

/** Which Intercom API generation an item uses, and the `Intercom-Version` header it sends. */
export interface ApiChoice {
	generation: 'users' | 'contacts';
	/** `1.4` for the Users API, e.g. `2.14` or `Unstable` for the Contacts API. */
	version: string;
}
