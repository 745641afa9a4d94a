import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { eq, sql } from 'drizzle-orm';
import { classifyProbe, type ComponentHealth, type ProbeOutcome } from '../../domain/health';
import { withTimeout } from '../../infra/async/with-timeout';
import type { ConnectionBudget } from '../../infra/broker/rest-call-budget';
import type { DatabaseHandle } from '../../infra/db/client';
import { auditEvents, componentHealth } from '../../infra/db/schema';
import type { HealthCheckInput, HealthCheckResult } from '../../workflows/definitions/health-check';

export interface HealthActivityDeps {
  database: DatabaseHandle;
  /** Asks the Temporal frontend about our namespace; throws when it does not answer in time. */
  describeNamespace(timeoutMs: number): Promise<unknown>;
  brokerUrl: string;
  brokerToken?: string;
  /**
   * Paces the probe's connection with the deployment's others: the venue, like OANDA, refuses new connections beyond
   * its rate (absent = unpaced).
   */
  brokerConnections?: ConnectionBudget;
  probeTimeoutMs: number;
  degradedLatencyMs: number;
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;

export function createHealthActivities(deps: HealthActivityDeps) {
  /** `attempt` answers its detail, and with it the latency to count when part of its time was not the component's. */
  const probe = async (component: string, attempt: () => Promise<string | { detail: string; latencyMs: number }>): Promise<ComponentHealth> => {
    const started = performance.now();
    let outcome: ProbeOutcome;
    try {
      const answer = await withTimeout(attempt(), deps.probeTimeoutMs, `${component} probe`);
      outcome = typeof answer === 'string'
        ? { component, ok: true, latencyMs: performance.now() - started, detail: answer }
        : { component, ok: true, ...answer };
    } catch (error) {
      outcome = { component, ok: false, latencyMs: performance.now() - started, detail: describeFailure(error) };
    }
    return classifyProbe(outcome, deps.degradedLatencyMs);
  };

  return {
    async probePostgres(): Promise<ComponentHealth> {
      return probe('postgres', async () => {
        await deps.database.pool.query('select 1');
        return 'select 1 answered';
      });
    },

    async probeTemporal(): Promise<ComponentHealth> {
      return probe('temporal', async () => {
        await deps.describeNamespace(deps.probeTimeoutMs);
        return 'namespace described';
      });
    },

    async probeBroker(): Promise<ComponentHealth> {
      return probe('broker', async () => {
        const url = new URL('/v3/accounts', deps.brokerUrl);
        const headers: Record<string, string> = deps.brokerToken ? { Authorization: `Bearer ${deps.brokerToken}` } : {};
        const ask = async () => {
          await deps.brokerConnections?.acquire();
          const asked = performance.now();
          const response = await fetch(url, { headers, signal: AbortSignal.timeout(deps.probeTimeoutMs) });
          await response.body?.cancel();
          return { response, latencyMs: performance.now() - asked };
        };
        let answer = await ask();
        // A 429 says the venue is up but this moment is over its rate: once more after the wait it asks for (within
        // half the probe's time), and the venue's latency is that of its answer, not of our wait.
        const refused = answer.response.status === 429;
        if (refused) {
          const askedMs = 1000 * (Number(answer.response.headers.get('retry-after')) || 1);
          await sleep(Math.min(askedMs, deps.probeTimeoutMs / 2));
          answer = await ask();
        }
        if (!answer.response.ok) throw new Error(`${url.origin} answered HTTP ${answer.response.status}`);
        return { detail: `${url.origin} answered HTTP ${answer.response.status}${refused ? ' (after one 429 over its rate)' : ''}`, latencyMs: answer.latencyMs };
      });
    },

    /**
     * Writes every component row and the audit event in one transaction. A retry whose first attempt committed
     * but lost its reply finds the run already recorded and writes nothing: the audit log must not say it twice.
     */
    async recordHealth(input: HealthCheckResult & HealthCheckInput): Promise<void> {
      const execution = Context.current().info.workflowExecution;
      const workflowId = execution?.workflowId ?? null;
      const runId = execution?.runId ?? null;
      await deps.database.db.transaction(async (tx) => {
        if (runId !== null) {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${runId}))`);
          const recorded = await tx.select({ id: componentHealth.id }).from(componentHealth).where(eq(componentHealth.runId, runId)).limit(1);
          if (recorded.length > 0) return;
        }
        await tx.insert(componentHealth).values(input.components.map((c) => ({
          component: c.component, status: c.status, latencyMs: c.latencyMs, detail: c.detail, workflowId, runId,
        })));
        await tx.insert(auditEvents).values({
          actor: input.requestedBy ?? input.trigger,
          action: 'health_check.recorded',
          reason: `${input.trigger} health check: ${input.overall}`,
          subjectType: 'system',
          subjectId: 'health',
          workflowId,
          runId,
          details: { overall: input.overall, components: input.components },
        });
      });
    },
  };
}

/** fetch hides the cause ("fetch failed"); the cause (ECONNREFUSED, a DNS error) is what a person can act on. */
function describeFailure(error: unknown): string {
  // Duck-typed: errors from Node's own fetch come from another realm than this module's Error under some runners.
  const failure = error as { message?: unknown; cause?: { code?: string; message?: string } } | null;
  if (typeof failure?.message !== 'string') return `unreachable: ${String(error)}`;
  const why = failure.cause?.code ?? failure.cause?.message;
  return `unreachable: ${failure.message}${why ? ` (${why})` : ''}`;
}
