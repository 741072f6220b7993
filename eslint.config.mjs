// n8n's own lint rules for community nodes (the config `n8n-node lint` uses),
// applied to what the package ships: nodes/, credentials/ and package.json.
// Tests, the simulator, the harness and other tools are not published.
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [globalIgnores(['test/', 'tools/', 'coverage/', '*.js']), ...config];
