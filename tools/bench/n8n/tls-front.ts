/**
 * A TLS front for the simulator, so n8n's built-in Intercom node (whose base URL is
 * fixed to `https://api.intercom.io`) can run against it: a throw-away self-signed
 * certificate for the name api.intercom.io, made at run time with the `openssl` CLI,
 * and a TLS server on 127.0.0.1 that pipes every connection to the simulator's plain
 * HTTP port. The n8n process of that row trusts the certificate through
 * NODE_EXTRA_CA_CERTS and reaches the front through preload/intercom-host.cjs.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:tls';
import { createServer } from 'node:tls';

import { mustRun } from '../../real-n8n/process';

/** The host name the built-in node calls. */
export const INTERCOM_HOST = 'api.intercom.io';

/** A running front. */
export interface TlsFront {
	/** The loopback port it listens on. */
	port: number;
	/** The certificate file (PEM) to put in NODE_EXTRA_CA_CERTS. */
	certFile: string;
	/** Stops listening and closes every connection. */
	stop: () => Promise<void>;
}

/**
 * Makes a key and a one-day self-signed certificate for {@link INTERCOM_HOST} in `dir`
 * with `openssl req -x509`. Throws when openssl is missing or fails.
 */
export async function makeCertificate(dir: string): Promise<{ keyFile: string; certFile: string }> {
	const keyFile = path.join(dir, 'intercom-front.key.pem');
	const certFile = path.join(dir, 'intercom-front.cert.pem');
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
			`/CN=${INTERCOM_HOST}`,
			'-addext',
			`subjectAltName=DNS:${INTERCOM_HOST}`,
		],
		{ timeoutMs: 60_000 },
	);
	return { keyFile, certFile };
}

/**
 * Starts the front on an ephemeral loopback port, forwarding to 127.0.0.1:`upstreamPort`
 * (where the simulator listens; it may be restarted between runs on the same port).
 */
export async function startTlsFront(dir: string, upstreamPort: number): Promise<TlsFront> {
	const { keyFile, certFile } = await makeCertificate(dir);
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
		port,
		certFile,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
			}),
	};
}
