import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ReconciliationRun {
  accountId: string;
  durationMs: number;
  ordersSettled: number;
  fillsRecorded: number;
  openMismatches: number;
  positionsCompared: boolean;
}

export interface ReconciliationMetrics {
  observeRun(run: ReconciliationRun): void;
}

/** The continuous reconciler's figures on the worker's /metrics, per account: alert on open mismatches and on runs stopping. */
export function createReconciliationMetrics(registry: Registry): ReconciliationMetrics {
  const labelNames = ['account'] as const;
  const runs = new Counter({ name: 'reconciliation_runs_total', help: 'Reconciliation runs, by whether positions were compared', labelNames: [...labelNames, 'positions_compared'], registers: [registry] });
  const settled = new Counter({ name: 'reconciliation_orders_settled_total', help: 'Orders rows the reconciler brought up to the broker\'s truth', labelNames, registers: [registry] });
  const fills = new Counter({ name: 'reconciliation_fills_recorded_total', help: 'Fills the reconciler recorded from the transaction log', labelNames, registers: [registry] });
  const open = new Gauge({ name: 'reconciliation_open_mismatches', help: 'Broker positions or trades the books do not explain, still open', labelNames, registers: [registry] });
  const lastRun = new Gauge({ name: 'reconciliation_last_run_timestamp_seconds', help: 'When the last reconciliation run finished', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'reconciliation_run_duration_seconds', help: 'How long one reconciliation run took', labelNames, registers: [registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return {
    observeRun(run) {
      const account = { account: run.accountId };
      runs.inc({ ...account, positions_compared: String(run.positionsCompared) });
      settled.inc(account, run.ordersSettled);
      fills.inc(account, run.fillsRecorded);
      open.set(account, run.openMismatches);
      lastRun.set(account, Date.now() / 1000);
      duration.observe(account, run.durationMs / 1000);
    },
  };
}
