import type { TlsFailure } from '../../transport/failures';

const IGNORE_SSL = "the node's Settings tab → Request Options → Ignore SSL Issues (Insecure)";
const REGION_OR_URL = "Check the credential's Region or Base URL";
const ONLY_IF_TRUSTED = `${IGNORE_SSL} would accept it; use that only for a server you trust.`;

/** Each TLS certificate failure's message and advice. */
export const TLS_WORDS: Record<TlsFailure, [message: string, advice: string]> = {
	untrusted: [
		"The server's TLS certificate is not trusted (self-signed or from an unknown authority)",
		`Intercom's own hosts have publicly trusted certificates, so this is a proxy or a Custom Base URL. If you trust that server, turn on ${IGNORE_SSL}; otherwise check the credential's Base URL.`,
	],
	expired: [
		"The server's TLS certificate has expired",
		`${REGION_OR_URL} first: Intercom's hosts do not serve expired certificates. ${ONLY_IF_TRUSTED}`,
	],
	notYetValid: [
		"The server's TLS certificate is not valid yet",
		`Check this machine's clock and the credential's Base URL. ${ONLY_IF_TRUSTED}`,
	],
	otherHost: [
		"The server's TLS certificate is for another host",
		`${REGION_OR_URL}: the certificate does not name the host the node called. ${ONLY_IF_TRUSTED}`,
	],
};

/** The description of a TLS failure: the handshake failed, so nothing was sent. */
export const tlsDescription = (code: string, advice: string) =>
	`The secure connection failed (${code}), so the request was not sent. ${advice}`;

/** The description of a request that timed out outside an item's exchange. */
export const TIMEOUT_ADVICE =
	"Raise the timeout on the node's Settings tab → Request Options → Timeout, or try again later. The change may or may not have been made in Intercom: check before retrying.";

/** Connection errors raised before a request could be delivered: nothing reached the server. */
export const NOT_DELIVERED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** The description of a request that could not be delivered (`code` from {@link NOT_DELIVERED}). */
export const notDeliveredDescription = (code: string) =>
	`The connection could not be made (${code}), so the request was not sent and nothing was changed in Intercom. ${REGION_OR_URL}, the proxy and that n8n can reach that host, then run the item again.`;
