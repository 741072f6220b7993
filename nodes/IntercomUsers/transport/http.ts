import type { IDataObject } from 'n8n-workflow';

/** The first value of an answer's header as text, whatever the case of its name. */
export function headerText(headers: unknown, name: string): string | undefined {
	const all = (headers ?? {}) as IDataObject;
	const wanted = name.toLowerCase();
	const key =
		wanted in all ? wanted : Object.keys(all).find((each) => each.toLowerCase() === wanted);
	const value = key === undefined ? undefined : all[key];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}
