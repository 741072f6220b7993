/**
 * Profiles for the report: when a target is missed (or with --profile always), one
 * representative run is repeated under `node --cpu-prof` and summarised.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ProfileSummary } from './cpuprofile';
import { summariseProfile } from './cpuprofile';
import type { Flags } from './flags';
import { fmt } from './format';
import type { Measured } from './measure';
import { measure } from './measure';
import type { OverheadRow, RateRow } from './scenarios';
import {
	rateStats,
	TARGET_429_SHARE,
	TARGET_BOUND,
	TARGET_RATIO,
	targetRatio,
	UNLIMITED,
} from './scenarios';
import { profileVerdict } from './tables';

/** A summarised profile and what run it is of. */
export interface Profile {
	title: string;
	summary: ProfileSummary;
}

/**
 * Profiles one representative run with node --cpu-prof when a target is missed (or
 * always, or never, per --profile): the scenario-1 engine run at --items when its ratio
 * missed, and the worst missed rate run that finished within 120 s. Profiles go to
 * --profile-dir when given (kept), else to a temporary folder (removed). A profiling
 * run that fails is logged and skipped; never throws for it.
 */
export async function takeProfiles(
	flags: Flags,
	overhead: OverheadRow[],
	rateMain: RateRow,
	rateScaling: RateRow[],
	log: (s: string) => void,
): Promise<Profile[]> {
	const profiles: Profile[] = [];
	const mainOverhead = overhead.find((r) => r.items === flags.items) as OverheadRow;
	const mainRatio = targetRatio(mainOverhead).ratio;
	const overheadMissed = mainRatio === undefined || mainRatio > TARGET_RATIO;
	const allRate = [rateMain, ...rateScaling];
	const rateMissed = allRate.filter((row) => {
		const s = rateStats(row);
		return !s || s.ratio > TARGET_BOUND || s.failed > 0 || s.share429 > TARGET_429_SHARE;
	});
	if (flags.profile !== 'never') {
		const profileRoot =
			flags.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'intercom-bench-prof-'));
		const plan: Array<{ title: string; run: (dir: string) => Promise<Measured> }> = [];
		if (flags.profile === 'always' || overheadMissed) {
			plan.push({
				title: `engine, N=${fmt(flags.items)}, unlimited window (scenario 1)`,
				run: (dir) => measure(flags, 'engine', flags.items, UNLIMITED, { profileDir: dir }),
			});
		}
		// The rate run to profile: the worst missed one that finished in reasonable time, else the main one.
		const candidates = (flags.profile === 'always' ? allRate : rateMissed)
			.map((row) => ({ row, s: rateStats(row) }))
			.filter((x) => x.s !== undefined && x.s.wallS <= 120)
			.sort((a, b) => (b.s?.ratio ?? 0) - (a.s?.ratio ?? 0));
		const pick = candidates[0]?.row;
		if (pick) {
			plan.push({
				title: `engine, N=${fmt(pick.items)}, limit ${pick.limit}/${pick.windowMs} ms enforced (rate scenario)`,
				run: (dir) =>
					measure(
						flags,
						'engine',
						pick.items,
						{ limit: pick.limit, windowMs: pick.windowMs, enforce: true },
						{ profileDir: dir },
					),
			});
		}
		if (plan.length > 0) {
			log(
				'\nProfiling (node --cpu-prof on the worker; summary counts only the samples inside the measured run)',
			);
		}
		for (const [index, item] of plan.entries()) {
			const dir = path.join(profileRoot, `profile-${index + 1}`);
			const measured = await item.run(dir).catch((error: unknown) => {
				log(`  ${item.title}: profiling failed: ${String(error)}`);
				return undefined;
			});
			if (!measured?.profileFile || !measured.result) {
				log(`  ${item.title}: no profile (${measured?.problem ?? 'no .cpuprofile written'})`);
				continue;
			}
			const summary = summariseProfile(measured.profileFile, 25, [
				measured.result.runStartUs,
				measured.result.runEndUs,
			]);
			profiles.push({
				title: `${item.title} — profiled run took ${fmt(measured.result.wallMs / 1000, 2)} s`,
				summary,
			});
			log(`  ${item.title}: ${profileVerdict(summary)}`);
		}
		if (!flags.profileDir) rmSync(profileRoot, { recursive: true, force: true });
	}
	return profiles;
}
