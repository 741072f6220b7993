/**
 * The checks of `npm run test:ui`, in the order they run (each named after the
 * numbered point of tools/e2e/README.md it proves). They share one browser page: the first
 * check adds the Intercom Users node to a new workflow, the credential check connects
 * it to the simulator, the checks after it run that node or workflows of their own,
 * created with the saved credential. The OAuth2 check needs only the first: it creates and
 * connects its own credential.
 */
import { consoleAndIcons, schemaPreview, toolVariant } from './around';
import { cleanupRecipe } from './cleanup-recipe';
import { credential } from './credential';
import { dryRun } from './dry-run';
import { defaults, nodeCreator, switching } from './node-panel';
import { oauthCredential } from './oauth';
import { continueTable, executeByEmail, largeRunHint, stoppedRun } from './runs';
import type { Check } from './shared';

export type { Check, CheckContext } from './shared';
export { setUpOwner } from './shared';

/** Every check, in the order they run. */
export const CHECKS: Check[] = [
	nodeCreator,
	credential,
	executeByEmail,
	defaults,
	switching,
	dryRun,
	stoppedRun,
	continueTable,
	schemaPreview,
	toolVariant,
	largeRunHint,
	cleanupRecipe,
	consoleAndIcons,
	oauthCredential,
];
