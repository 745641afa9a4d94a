import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGrpcServiceError, ScheduleNotFoundError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import cors from 'cors';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Histogram } from 'prom-client';
import { projectRoot } from '../infra/paths';
import { createAuthenticator } from './auth/authenticate';
import type { ApiDependencies } from './dependencies';
import { hostAllowList, jsonBodiesOnly } from './http-guards';
import { HttpError } from './http-error';
import { openApiDocument, type OpenApiDocument } from './openapi/document';
import { mountOperations } from './operations/mount';
import type { Operation } from './operations/operation';
import { controlOperations } from './routes/control';
import { systemRiskOperations } from './routes/system-risk';
import { hotPathOperations } from './routes/hot-path';
import { probeOperations } from './routes/probes';
import { reconciliationOperations } from './routes/reconciliation';
import { recordOperations } from './routes/records';
import { researchOperations } from './routes/research';
import { scheduleOperations } from './routes/schedules';
import { systemOperations } from './routes/system';
import { accountOperations } from './routes/accounts';
import { accountStateOperations } from './routes/account-state';
import { approvalOperations } from './routes/approvals';
import { consoleAssets, consoleOperations } from './routes/console';
import { streamOperations } from './routes/stream';
import { workflowListOperations } from './routes/workflow-list';
import { workflowOperations } from './routes/workflows';

/** The api's contract version: the package's. */
const API_VERSION = (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/** Every operation of the api, and the OpenAPI document that describes them (the probes serve it). */
export function apiOperations(deps: ApiDependencies): { operations: Operation[]; document: () => OpenApiDocument } {
  let document: OpenApiDocument | undefined;
  const describe = (): OpenApiDocument => (document ??= openApiDocument(operations, { version: API_VERSION }));
  const operations: Operation[] = [
    ...probeOperations(deps, describe),
    ...systemOperations(deps),
    ...consoleOperations(),
    ...workflowListOperations(deps),
    ...workflowOperations(deps),
    ...approvalOperations(deps),
    ...accountOperations(deps),
    ...accountStateOperations(deps),
    ...streamOperations(deps),
    ...researchOperations(deps),
    ...scheduleOperations(deps),
    ...recordOperations(deps),
    ...controlOperations(deps),
    ...systemRiskOperations(deps),
    ...hotPathOperations(deps),
    ...reconciliationOperations(deps),
  ];
  return { operations, document: describe };
}

/**
 * The REST api as an express app, separate from listening so tests can drive it in-process: security headers, the
 * Host allow-list, CORS only for configured origins, JSON-only bodies, then every operation behind its access rule.
 */
export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestMetrics(deps));
  // No upgrade-insecure-requests: the api is often reached over plain http on a private network (bin/start's
  // 127.0.0.1), where it would send the console's own script to an https port nobody listens on.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(hostAllowList(deps.config));
  if (deps.config.API_CORS_ORIGINS) app.use(cors({ origin: deps.config.API_CORS_ORIGINS.split(',').map((origin) => origin.trim()), allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'] }));
  app.use(jsonBodiesOnly);
  app.use(express.json({ limit: '100kb' }));
  const { operations } = apiOperations(deps);
  app.use(mountOperations(operations, { config: deps.config, authenticate: createAuthenticator(deps) }));
  app.use('/console', consoleAssets());
  app.use((request, _response, next) => next(new HttpError(404, `no route for ${request.method} ${request.path}`)));
  app.use(errorHandler(deps));
  return app;
}

function requestMetrics({ metrics }: ApiDependencies): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'API request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });
  return (request, response, next) => {
    const stop = duration.startTimer();
    response.on('finish', () => {
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}

function errorHandler({ logger }: ApiDependencies): ErrorRequestHandler {
  return (error, request, response, _next) => {
    if (error instanceof HttpError) {
      if (error.headers) response.set(error.headers);
      response.status(error.status).json({ error: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    // What was there when the request began can be gone a moment later (another caller deleted it): a 404, not a 500.
    if (error instanceof ScheduleNotFoundError || error instanceof WorkflowNotFoundError) {
      response.status(404).json({ error: error.message });
      return;
    }
    if (error instanceof ServiceError || isGrpcServiceError(error)) {
      logger.warn({ err: error, method: request.method, path: request.path }, 'Temporal did not answer');
      response.status(503).json({ error: `Temporal did not answer (${error.message}); nothing was started or changed there: try again` });
      return;
    }
    // express.json() reports a malformed or too large body as an error carrying its 4xx status.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      response.status(status).json({ error: `invalid request: ${(error as Error).message}` });
      return;
    }
    logger.error({ err: error, method: request.method, path: request.path }, 'request failed');
    response.status(500).json({ error: 'internal error; see the api log for details' });
  };
}
