/**
 * Imported first by the demo: n8n's own logger stays silent unless N8N_LOG_LEVEL says
 * otherwise, so the demo prints its result once, not n8n's log lines of the same error.
 */
process.env.N8N_LOG_LEVEL ??= 'silent';
