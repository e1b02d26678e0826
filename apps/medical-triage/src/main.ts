import { initBackend, type Logger } from '@scenarios/core';
import { createServingLogger } from '@scenarios/core/serving';
import { AuditStore, DEFAULT_AUDIT_DB } from './audit/audit-store.js';
import { createApp, type TriageAppOptions } from './server.js';
import { loadTriageModel } from './triage-model.js';

export interface StartServerOptions extends Omit<TriageAppOptions, 'audit'> {
  /** Model directory. */
  model: string;
  /** Audit database path. Default `medical-triage-audit.sqlite` in the working directory. */
  auditDb?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A listening server. */
export interface StartedServer {
  url: string;
  port: number;
  /** The audit database in use. */
  auditDb: string;
  /** Stops accepting connections, lets in-flight requests finish (10 s by default), then frees the model and closes the audit database. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Loads a model directory, opens the audit database, builds the app (`createApp`) and listens on
 * `host:port` with core's server. Only listening and shutting down happen here.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const logger: Logger = options.logger ?? createServingLogger();
  await initBackend({ logger });
  const triage = await loadTriageModel(options.model, { logger });
  let audit: AuditStore | undefined;
  try {
    audit = AuditStore.open(options.auditDb ?? DEFAULT_AUDIT_DB);
    const { server } = createApp(triage, { ...options, audit, logger });
    const running = await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    logger.info({ auditDb: audit.path }, 'audit trail open');
    const store = audit;
    let closing: Promise<void> | undefined;
    return {
      url: running.url,
      port: running.port,
      auditDb: store.path,
      close: (closeOptions = {}) => {
        closing ??= running.close(closeOptions).finally(() => {
          store.close();
          triage.model.dispose();
        });
        return closing;
      },
    };
  } catch (error) {
    audit?.close();
    triage.model.dispose();
    throw error;
  }
}
