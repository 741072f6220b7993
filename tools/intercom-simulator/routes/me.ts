/**
 * `GET /me` (Intercom API 1.4, "View the current admin"; also available in 2.x): the
 * admin the access token belongs to, with its workspace app.
 */
import type { RouteRequest } from '../handler';
import type { Answer } from '../views';
import { WORKSPACE_ID } from '../views';

/**
 * The admin answered by `GET /me`: admin 991267 "Simulated Operator"
 * (operator@example.com) of the app "Simulated Workspace" (`id_code` "simapp1",
 * region US).
 */
export const ME = {
	type: 'admin',
	id: '991267',
	email: 'operator@example.com',
	name: 'Simulated Operator',
	app: {
		type: 'app',
		id_code: WORKSPACE_ID,
		name: 'Simulated Workspace',
		region: 'US',
		created_at: 1460985141,
		timezone: 'Europe/Dublin',
		identity_verification: false,
	},
	avatar: { type: 'avatar', image_url: null },
	has_inbox_seat: true,
} as const;

/**
 * The `/me` route: `GET /me` answers 200 with {@link ME}, its app in the workspace
 * timezone `timeZone` (the one searches compare days in); any other request gives
 * undefined (not this route). Not version-gated.
 */
export function routeMe(req: RouteRequest, timeZone: string): Answer | undefined {
	if (req.segments.length === 1 && req.segments[0] === 'me' && req.method === 'GET') {
		return { status: 200, body: { ...ME, app: { ...ME.app, timezone: timeZone } } };
	}
	return undefined;
}
