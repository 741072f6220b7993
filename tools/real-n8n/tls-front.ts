/**
 * A TLS front on loopback for a fixed https host, so code whose URL cannot be changed
 * (n8n's built-in Intercom node and its `https://api.intercom.io`; n8n's default npm
 * registry `https://registry.npmjs.org`) reaches a local server instead: a throw-away
 * self-signed certificate for that host name, made at run time with the `openssl` CLI,
 * and a TLS server on 127.0.0.1 that pipes every connection to a plain HTTP port on
 * 127.0.0.1. The process that calls the host trusts the certificate through
 * NODE_EXTRA_CA_CERTS and reaches the front through host-redirect.cjs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:tls';
import { createServer } from 'node:tls';

import { mustRun } from './process';

/** The preload that sends connections for a host to its front (see {@link redirectEnv}). */
export const HOST_REDIRECT = path.join(__dirname, 'host-redirect.cjs');

/** A running front. */
export interface TlsFront {
	/** The host name its certificate is for. */
	host: string;
	/** The loopback port it listens on. */
	port: number;
	/** The certificate file (PEM) to put in NODE_EXTRA_CA_CERTS. */
	certFile: string;
	/** Stops listening and closes every connection. */
	stop: () => Promise<void>;
}

/**
 * Makes a key and a one-day self-signed certificate for `host` in `dir` with
 * `openssl req -x509`. Throws when openssl is missing or fails.
 */
export async function makeCertificate(
	dir: string,
	host: string,
): Promise<{ keyFile: string; certFile: string }> {
	const keyFile = path.join(dir, `${host}-front.key.pem`);
	const certFile = path.join(dir, `${host}-front.cert.pem`);
	await mustRun(
		'openssl req -x509 (throw-away certificate for the TLS front)',
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			keyFile,
			'-out',
			certFile,
			'-days',
			'1',
			'-subj',
			`/CN=${host}`,
			'-addext',
			`subjectAltName=DNS:${host}`,
		],
		{ timeoutMs: 60_000 },
	);
	return { keyFile, certFile };
}

/**
 * Starts a front for `host` on an ephemeral loopback port, forwarding to
 * 127.0.0.1:`upstreamPort` (which may be restarted between runs on the same port).
 */
export async function startTlsFront(
	dir: string,
	upstreamPort: number,
	host: string,
): Promise<TlsFront> {
	const { keyFile, certFile } = await makeCertificate(dir, host);
	const server: Server = createServer(
		{ key: readFileSync(keyFile), cert: readFileSync(certFile) },
		(socket) => {
			const upstream = connect(upstreamPort, '127.0.0.1');
			socket.pipe(upstream).pipe(socket);
			const close = () => {
				socket.destroy();
				upstream.destroy();
			};
			socket.on('error', close);
			upstream.on('error', close);
			socket.on('close', close);
			upstream.on('close', close);
		},
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		host,
		port,
		certFile,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
			}),
	};
}

/**
 * The environment of a process that must reach `fronts` (with {@link HOST_REDIRECT}
 * preloaded): where each host's front listens, and its certificates trusted. The
 * certificates go into one file, NODE_EXTRA_CA_CERTS taking a single path.
 */
export function redirectEnv(fronts: TlsFront[], caFile: string): Record<string, string> {
	const pem = fronts.map((front) => readFileSync(front.certFile, 'utf8')).join('\n');
	writeFileSync(caFile, pem);
	return {
		E2E_HOST_REDIRECT: fronts.map((front) => `${front.host}=127.0.0.1:${front.port}`).join(','),
		NODE_EXTRA_CA_CERTS: caFile,
	};
}
