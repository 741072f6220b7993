/**
 * What the simulator's route tests share: a fresh simulator for every test, and the
 * shape of a 2.x contact list.
 */
import type { SimulatorOptions } from '../simulator';
import { IntercomSimulator } from '../simulator';

/** A 2.x `list` answer of contacts (GET /contacts, POST /contacts/search). */
export interface ContactList<Contact = Record<string, unknown>> {
	type: string;
	data: Contact[];
	total_count: number;
	pages: {
		type: string;
		page: number;
		per_page: number;
		total_pages: number;
		next?: { per_page: number; starting_after: string };
	};
}

/**
 * Starts a default simulator before each test and stops it after, handing each one to
 * `use` with its base URL. Returns `restart`, which replaces the running simulator by one
 * built with other options (handed to `use` too).
 */
export function simulatorPerTest(
	use: (sim: IntercomSimulator, baseUrl: string) => void,
): (options: SimulatorOptions) => Promise<void> {
	let current: IntercomSimulator | undefined;
	const start = async (options: SimulatorOptions = {}) => {
		current = new IntercomSimulator(options);
		use(current, await current.start());
	};
	beforeEach(async () => await start());
	afterEach(async () => await current?.stop());
	return async (options) => {
		await current?.stop();
		await start(options);
	};
}
