'use strict';
/**
 * Preloaded, after the no-network guard, into a process that must reach a fixed https
 * host on a loopback TLS front instead (tls-front.ts): n8n's built-in Intercom node
 * (api.intercom.io) in the benchmark, n8n and the npm it spawns (registry.npmjs.org)
 * in the install test. E2E_HOST_REDIRECT lists `host=127.0.0.1:port` pairs, comma
 * separated; a TCP connection to such a host on port 443 is opened to its pair
 * instead. Nothing is looked up in DNS, so the guard (which wraps the same connect
 * underneath) sees only loopback. TLS still checks the certificate against the host
 * name: the front's throw-away certificate is trusted through NODE_EXTRA_CA_CERTS.
 */
const net = require('node:net');

const targets = new Map();
for (const pair of (process.env.E2E_HOST_REDIRECT || '').split(',')) {
	const [name, target] = pair.split('=');
	if (!name || !target) continue;
	const [host, port] = target.split(':');
	targets.set(name.trim().toLowerCase(), { host, port: Number(port) });
}

if (targets.size > 0) {
	const inner = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function redirectedConnect(...args) {
		let options = args[0];
		const normalized = Array.isArray(options);
		if (normalized) options = options[0];
		const target =
			options !== null && typeof options === 'object'
				? targets.get(String(options.host).toLowerCase())
				: undefined;
		if (target && Number(options.port ?? 443) === 443) {
			const redirected = { ...options, host: target.host, port: target.port };
			if (normalized) args[0] = [redirected, ...args[0].slice(1)];
			else args[0] = redirected;
		}
		return inner.apply(this, args);
	};
}
