/** Sentences a model reads when the node runs as an AI tool (see `actions/toolErrors.ts`). */

export const NOT_SENT = 'No request was sent; nothing was changed.';
export const DRY_RUN = 'This was a dry run: only lookups were sent, nothing was changed.';
export const MAYBE = 'The change may or may not have been made.';
export const UNSURE = 'It is not known whether anything was changed: check the user in Intercom.';
export const BUILDER = "Only the workflow's builder can change this tool's setup.";
export const CREDENTIAL =
	"The workflow's builder must fix the Intercom credential or the app's permissions; calling again will not help.";
export const LATER = 'Try again in a few minutes.';
export const LEADS = 'This tool never changes leads.';
export const RESTORED =
	'The node had restored it to check it and could not archive it again: it may now be unarchived; tell the person to check it in Intercom.';
