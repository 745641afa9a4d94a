import { performance } from 'node:perf_hooks';
import { Router } from 'express';
import { withTimeout } from '../../infra/async/with-timeout';
import type { ApiDependencies } from '../dependencies';

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

/** Liveness, readiness and Prometheus metrics. */
export function probeRoutes({ database, temporal, metrics }: ApiDependencies): Router {
  const startedAt = Date.now();
  const router = Router();

  router.get('/health', (_request, response) => {
    response.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  });

  router.get('/ready', async (_request, response) => {
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
  });

  router.get('/metrics', async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.metrics());
  });

  return router;
}
