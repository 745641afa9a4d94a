import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { Histogram } from 'prom-client';
import type { ApiDependencies } from './dependencies';
import { HttpError } from './http-error';
import { controlRoutes } from './routes/control';
import { hotPathRoutes } from './routes/hot-path';
import { probeRoutes } from './routes/probes';
import { recordRoutes } from './routes/records';
import { researchRoutes } from './routes/research';
import { scheduleRoutes } from './routes/schedules';
import { systemRoutes } from './routes/system';
import { workflowRoutes } from './routes/workflows';

/** The REST api as an express app, separate from listening so tests can drive it in-process. */
export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(requestMetrics(deps));
  app.use(probeRoutes(deps));
  app.use(systemRoutes(deps));
  app.use(workflowRoutes(deps));
  app.use(researchRoutes(deps));
  app.use(scheduleRoutes(deps));
  app.use(recordRoutes(deps));
  app.use(controlRoutes(deps));
  app.use(hotPathRoutes(deps));
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
      response.status(error.status).json({ error: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    // express.json() reports malformed JSON as a SyntaxError carrying status 400.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      response.status(status).json({ error: `invalid request: ${(error as Error).message}` });
      return;
    }
    logger.error({ err: error, method: request.method, path: request.path }, 'request failed');
    response.status(500).json({ error: 'internal error; see the api log for details' });
  };
}
