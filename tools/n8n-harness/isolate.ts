import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Imported before n8n-core: gives n8n-core a throw-away user folder (it writes
 * an encryption-key config file there on first use) unless N8N_USER_FOLDER is
 * set, so nothing is written to the home folder, and keeps telemetry off.
 */
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-harness-throwaway-key';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED ??= 'false';
