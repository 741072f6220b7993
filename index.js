// n8n loads this package through the "n8n" section of package.json; this file
// only exists so that `require('n8n-nodes-intercom-users')` resolves.
module.exports = {};
