'use strict';
/**
 * Preloaded, after the no-network guard, into the n8n processes of the benchmark row
 * that runs n8n's built-in Intercom node. That node's base URL is fixed to
 * `https://api.intercom.io`; this sends its connections to the benchmark's TLS front
 * on loopback instead: a TCP connection to api.intercom.io:443 is opened to the
 * `127.0.0.1:<port>` named by BENCH_INTERCOM_REDIRECT. Nothing is looked up in DNS, so
 * the guard (which wraps the same connect underneath) sees only loopback. TLS still
 * checks the certificate against the name api.intercom.io: the front's throw-away
 * certificate is trusted through NODE_EXTRA_CA_CERTS for this run only.
 */
const net = require('node:net');

const target = process.env.BENCH_INTERCOM_REDIRECT;
const HOST = 'api.intercom.io';

if (target) {
	const [host, port] = target.split(':');
	const inner = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function redirectedConnect(...args) {
		let options = args[0];
		const normalized = Array.isArray(options);
		if (normalized) options = options[0];
		if (
			options !== null &&
			typeof options === 'object' &&
			String(options.host).toLowerCase() === HOST &&
			Number(options.port ?? 443) === 443
		) {
			const redirected = { ...options, host, port: Number(port) };
			if (normalized) args[0] = [redirected, ...args[0].slice(1)];
			else args[0] = redirected;
		}
		return inner.apply(this, args);
	};
}
