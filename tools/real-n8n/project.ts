/**
 * The package under test: where this checkout is and what the package is called.
 */
import path from 'node:path';

/** Absolute path of the project root (the folder with package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** The npm name of the package; n8n names the node type `<PACKAGE_NAME>.intercomUsers`. */
export const PACKAGE_NAME = 'n8n-nodes-intercom-users';
