/** Every word the node uses for one operation: one row per operation. */
export interface OperationWords {
	/** The Operation list: name (Title Case), action (sentence case, no articles) and description. */
	name: string;
	action: string;
	description: string;
	/** The canvas subtitle, before the API. */
	subtitle: string;
	/** The label of the selector (`archiveBy`) field. */
	selectorLabel: string;
	/** What happened to a changed user: the stopped-run summary, duplicates, the lookup errors. */
	pastTense: string;
	/** What a duplicate row says an earlier row would do. */
	verb: string;
	/** What a dry run says the real run would do to the user. */
	wouldDo: string;
}

/** The node's words for each operation, one row each; its keys are the operations. */
export const OPERATION_WORDS = {
	archive: {
		name: 'Archive',
		action: 'Archive user',
		description: 'Archive (soft-delete) a user; Intercom keeps their data and history',
		subtitle: 'Archive user',
		selectorLabel: 'Archive By',
		pastTense: 'archived',
		verb: 'archive',
		wouldDo: 'archive',
	},
	unarchive: {
		name: 'Unarchive',
		action: 'Unarchive user',
		description: 'Restore an archived user (Contacts API)',
		subtitle: 'Unarchive user',
		selectorLabel: 'Unarchive By',
		pastTense: 'unarchived',
		verb: 'unarchive',
		wouldDo: 'restore',
	},
	permanentlyDelete: {
		name: 'Permanently Delete',
		action: 'Permanently delete user',
		description: 'Delete a user permanently, with their conversations (GDPR); cannot be undone',
		subtitle: 'Permanently delete user',
		selectorLabel: 'Delete By',
		pastTense: 'deleted',
		verb: 'delete',
		wouldDo: 'permanently delete',
	},
	get: {
		name: 'Get',
		action: 'Get user',
		description: 'Retrieve a user by Intercom ID, email or user_id; changes nothing',
		subtitle: 'Get user',
		selectorLabel: 'Get By',
		pastTense: 'returned',
		verb: 'get',
		wouldDo: 'return',
	},
	getMany: {
		name: 'Get Many',
		action: 'Get many users',
		description:
			'Retrieve a list of users by last seen, sign-up date, email, segment or tag; changes nothing',
		subtitle: 'Get many users',
		selectorLabel: 'Get By',
		pastTense: 'listed',
		verb: 'list',
		wouldDo: 'list',
	},
} satisfies Record<string, OperationWords>;

/** The operations of the User resource (the `operation` parameter's values). */
export type UserOperation = keyof typeof OPERATION_WORDS;

/** Every operation of the User resource, in the order of {@link OPERATION_WORDS}. */
export const USER_OPERATIONS = Object.keys(OPERATION_WORDS) as readonly UserOperation[];
