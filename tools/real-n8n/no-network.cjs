'use strict';
/**
 * Preloaded into every n8n process the real-n8n tools start (NODE_OPTIONS=--require,
 * see instance.ts). Those runs must not reach anything but this machine: every TCP
 * connection or DNS lookup for a host outside the loopback range is refused here and
 * written, one JSON line each ({kind: 'connect' | 'dns', host, port, pid}), to the file
 * named by E2E_NET_LOG. The tests fail when that file is not empty. Unix sockets and
 * loopback addresses (127.0.0.0/8, ::1, localhost) pass untouched.
 */
const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');

const logFile = process.env.E2E_NET_LOG;

if (logFile) {
	try {
		// Proof for the test that the guard was active in the n8n processes.
		fs.appendFileSync(`${logFile}.loaded`, `${process.pid}\n`);
	} catch {
		// the test's check of `<E2E_NET_LOG>.loaded` reports it
	}
}

function isLoopback(host) {
	if (host === undefined || host === null || host === '') return true; // node's default is localhost
	const name = String(host)
		.toLowerCase()
		.replace(/^\[|\]$/g, '');
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
	if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
	if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
	return false;
}

function record(kind, host, port) {
	const line = JSON.stringify({
		kind,
		host: String(host),
		port: port === undefined ? null : String(port),
		pid: process.pid,
	});
	if (logFile) {
		try {
			fs.appendFileSync(logFile, `${line}\n`);
		} catch {
			// nothing else to do; the connection is refused anyway
		}
	}
}

function blockedError(what) {
	const error = new Error(
		`e2e network guard: refused ${what} (only loopback is allowed in the e2e run)`,
	);
	error.code = 'ENETUNREACH';
	return error;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
	let options = args[0];
	if (Array.isArray(options)) options = options[0]; // net.connect() passes normalized [options, cb]
	let host;
	let port;
	let path;
	if (options !== null && typeof options === 'object') {
		host = options.host;
		port = options.port;
		path = options.path;
	} else if (typeof options === 'string' && !/^\d+$/.test(options)) {
		path = options;
	} else {
		port = options;
		if (typeof args[1] === 'string') host = args[1];
	}
	if (path === undefined && !isLoopback(host)) {
		record('connect', host, port);
		const error = blockedError(`a connection to ${host}:${port}`);
		process.nextTick(() => this.destroy(error));
		return this;
	}
	return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
	if (!isLoopback(hostname)) {
		record('dns', hostname);
		const callback = rest.find((arg) => typeof arg === 'function');
		const error = blockedError(`a DNS lookup of ${hostname}`);
		error.code = 'ENOTFOUND';
		if (callback) process.nextTick(() => callback(error));
		return {};
	}
	return originalLookup.call(this, hostname, ...rest);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
	if (!isLoopback(hostname)) {
		record('dns', hostname);
		const error = blockedError(`a DNS lookup of ${hostname}`);
		error.code = 'ENOTFOUND';
		return Promise.reject(error);
	}
	return originalPromisesLookup.call(this, hostname, ...rest);
};
