// n8n loads the nodes and credentials from package.json's "n8n" section; this empty module is only the package's entry for tools that require() it.
