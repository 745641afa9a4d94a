import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { withTimeout } from '../../infra/async/with-timeout';
import type { ApiDependencies } from '../dependencies';
import type { OpenApiDocument } from '../openapi/document';
import { referencePage } from '../openapi/reference-page';
import { operation, type Operation } from '../operations/operation';

const READY_CHECK_TIMEOUT_MS = 2000;

interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function check(name: string, attempt: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await withTimeout(attempt(), READY_CHECK_TIMEOUT_MS, name);
    return { ok: true, latencyMs: performance.now() - started };
  } catch (error) {
    return { ok: false, latencyMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

const dependencyCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const readiness = z.object({
  status: z.enum(['ready', 'not_ready']), failing: z.array(z.string()).optional(), message: z.string().optional(),
  checks: z.object({ postgres: dependencyCheck, temporal: dependencyCheck }),
});

/** Liveness, readiness, Prometheus metrics, and the api's own contract (OpenAPI document and its reference page). */
export function probeOperations({ config, database, temporal, metrics }: ApiDependencies, contract: () => OpenApiDocument): Operation[] {
  const startedAt = Date.now();
  return [
    operation({
      method: 'get', path: '/health', operationId: 'health', tag: 'probes', access: 'public', summary: 'Liveness: 200 while the process runs.',
      responses: { 200: { description: 'alive', schema: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) } },
      handle(_input, response) {
        response.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
      },
    }),
    operation({
      method: 'get', path: '/ready', operationId: 'ready', tag: 'probes', access: 'public',
      summary: 'Readiness: 200 when Postgres and Temporal answer, else 503 naming the failing dependency.',
      responses: { 200: { description: 'ready', schema: readiness }, 503: { description: 'a dependency does not answer', schema: readiness } },
      async handle(_input, response) {
        const [postgres, temporalCheck] = await Promise.all([
          check('postgres', () => database.pool.query('select 1')),
          check('temporal', () => temporal.describeNamespace(READY_CHECK_TIMEOUT_MS)),
        ]);
        const checks = { postgres, temporal: temporalCheck };
        const failing = Object.entries(checks).filter(([, result]) => !result.ok).map(([name]) => name);
        response.status(failing.length === 0 ? 200 : 503).json({
          status: failing.length === 0 ? 'ready' : 'not_ready',
          ...(failing.length > 0 ? { failing, message: `not ready: ${failing.join(' and ')} not answering` } : {}),
          checks,
        });
      },
    }),
    operation({
      method: 'get', path: '/metrics', operationId: 'metrics', tag: 'probes', access: config.API_METRICS_PUBLIC ? 'public' : 'viewer',
      summary: 'Prometheus metrics of the api process.', responses: { 200: { description: 'the exposition format', contentType: 'text/plain' } },
      async handle(_input, response) {
        response.type(metrics.contentType).send(await metrics.metrics());
      },
    }),
    operation({
      method: 'get', path: '/openapi.json', operationId: 'openApiDocument', tag: 'contract', access: 'public',
      summary: 'This api\'s OpenAPI 3.1 document, generated from the schemas that validate its requests.',
      responses: { 200: { description: 'the document', schema: z.object({ openapi: z.string() }).loose() } },
      handle(_input, response) {
        response.json(contract());
      },
    }),
    operation({
      method: 'get', path: '/docs', operationId: 'referencePage', tag: 'contract', access: 'public',
      summary: 'A readable reference of the same document.', responses: { 200: { description: 'the page', contentType: 'text/html' } },
      handle(_input, response) {
        response.type('html').send(referencePage(contract()));
      },
    }),
  ];
}
