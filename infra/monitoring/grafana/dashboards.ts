import type { DashboardSpec } from './dashboard-json';

/*
 * The three dashboards Grafana is provisioned with. Every process exports one `service` label; the worker's figures
 * read from Postgres are the same on every replica, hence max by. The JSON under dashboards/ is generated from these
 * (node dist/infra/tools/build-dashboards.js) and a unit test keeps the two equal.
 */

const TRADING: DashboardSpec = {
  uid: 'trade-orchestrator-trading',
  title: 'Trade Orchestrator · Trading',
  description: 'P/L, exposure, orders, fills, rejections, breakers and reconciliation, per account and source',
  panels: [
    { title: 'Trading state', kind: 'stat', queries: [{ expr: 'max by (scope, state) (trading_state) == 1', legend: '{{scope}}: {{state}}' }] },
    { title: 'Emergency stops running', kind: 'stat', queries: [{ expr: 'max(emergency_stops_running)', legend: 'running' }] },
    { title: 'NAV', unit: 'currencyUSD', queries: [{ expr: 'max by (account) (account_nav_usd)', legend: '{{account}}' }] },
    { title: 'Daily P/L', unit: 'currencyUSD', queries: [{ expr: 'max by (account) (account_daily_pnl_usd)', legend: '{{account}}' }] },
    { title: 'Drawdown', unit: 'percentunit', queries: [{ expr: 'max by (account) (account_drawdown_ratio)', legend: '{{account}}' }] },
    { title: 'VaR 99 (one day)', unit: 'currencyUSD', queries: [{ expr: 'max by (account) (account_var99_usd)', legend: '{{account}}' }] },
    {
      title: 'Exposure', unit: 'currencyUSD', queries: [
        { expr: 'max by (account) (account_gross_exposure_usd)', legend: '{{account}} gross' },
        { expr: 'max by (account) (account_net_exposure_usd)', legend: '{{account}} net' },
      ],
    },
    { title: 'Largest concentration (× NAV)', queries: [{ expr: 'max by (account) (account_largest_concentration)', legend: '{{account}}' }] },
    { title: 'Orders by source and status (per 5 min)', queries: [{ expr: 'sum by (source, status) (max by (source, status, reason) (increase(trading_orders_total[5m])))', legend: '{{source}} {{status}}' }] },
    { title: 'Fills by reason (per 5 min)', queries: [{ expr: 'max by (reason) (increase(trading_fills_total[5m]))', legend: '{{reason}}' }] },
    {
      title: 'Rejected and cancelled orders (per hour)', description: 'By the path that placed them and the broker\'s or our reason',
      queries: [{ expr: 'max by (source, status, reason) (increase(trading_orders_total{status=~"rejected|cancelled"}[1h]))', legend: '{{source}} {{status}} {{reason}}' }],
    },
    { title: 'Breakers tripped', queries: [{ expr: 'max by (scope, breaker) (circuit_breaker_tripped)', legend: '{{scope}} {{breaker}}' }] },
    { title: 'Breaker trips (per hour)', queries: [{ expr: 'max by (scope, breaker) (increase(circuit_breaker_trips_total[1h]))', legend: '{{scope}} {{breaker}}' }] },
    { title: 'Reconciliation: open mismatches', queries: [{ expr: 'max by (account) (reconciliation_open_mismatches)', legend: '{{account}}' }] },
    { title: 'Reconciliation: seconds since last run', unit: 's', queries: [{ expr: 'time() - max by (account) (reconciliation_last_run_timestamp_seconds)', legend: '{{account}}' }] },
    { title: 'Component health', kind: 'stat', queries: [{ expr: 'max by (component, status) (component_health_status) == 1', legend: '{{component}}: {{status}}' }] },
  ],
};

const WORKFLOWS: DashboardSpec = {
  uid: 'trade-orchestrator-workflows',
  title: 'Trade Orchestrator · Workflows',
  description: 'Workflow outcomes, the Temporal SDK\'s task and activity latency, schedules and the api',
  panels: [
    { title: 'Workflow outcomes (per 15 min)', queries: [{ expr: 'sum by (workflow_type, outcome) (increase(workflow_outcomes_total[15m]))', legend: '{{workflow_type}} {{outcome}}' }] },
    { title: 'Workflow failures (per hour)', queries: [{ expr: 'sum by (workflow_type) (increase(workflow_outcomes_total{outcome=~"failed|task_failed"}[1h]))', legend: '{{workflow_type}}' }] },
    { title: 'Completions per second (SDK)', unit: 'ops', queries: [{ expr: 'sum by (workflow_type) (rate(temporal_workflow_completed_total[5m]))', legend: '{{workflow_type}}' }] },
    { title: 'Workflow end-to-end p99', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, workflow_type) (rate(temporal_workflow_endtoend_latency_seconds_bucket[1h])))', legend: '{{workflow_type}}' }] },
    { title: 'Workflow task execution p99', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, workflow_type) (rate(temporal_workflow_task_execution_latency_seconds_bucket[5m])))', legend: '{{workflow_type}}' }] },
    { title: 'Workflow task schedule-to-start p99', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, task_queue) (rate(temporal_workflow_task_schedule_to_start_latency_seconds_bucket[5m])))', legend: '{{task_queue}}' }] },
    { title: 'Activity execution p99', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, activity_type) (rate(temporal_activity_execution_latency_seconds_bucket[5m])))', legend: '{{activity_type}}' }] },
    { title: 'Activity schedule-to-start p99', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, task_queue) (rate(temporal_activity_schedule_to_start_latency_seconds_bucket[5m])))', legend: '{{task_queue}}' }] },
    { title: 'Task slots used', queries: [{ expr: 'sum by (worker_type, task_queue) (temporal_worker_task_slots_used)', legend: '{{task_queue}} {{worker_type}}' }] },
    { title: 'Schedule runs (per day)', queries: [{ expr: 'max by (schedule) (increase(schedule_runs_total[1d]))', legend: '{{schedule}}' }] },
    {
      title: 'Schedules: seconds since last run and until next', unit: 's', queries: [
        { expr: 'time() - max by (schedule) (schedule_last_action_timestamp_seconds)', legend: '{{schedule}} since last' },
        { expr: 'max by (schedule) (schedule_next_action_timestamp_seconds) - time()', legend: '{{schedule}} until next' },
      ],
    },
    { title: 'API requests per second by route and status', unit: 'reqps', queries: [{ expr: 'sum by (route, status) (rate(http_request_duration_seconds_count[5m]))', legend: '{{route}} {{status}}' }] },
    { title: 'API latency p99 by route', unit: 's', queries: [{ expr: 'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))', legend: '{{route}}' }] },
  ],
};

const HOT_PATH: DashboardSpec = {
  uid: 'trade-orchestrator-hot-path',
  title: 'Trade Orchestrator · Hot path',
  description: 'Tick to decision and tick to acknowledged order, decisions by outcome, warm-up and halts',
  panels: [
    {
      title: 'Tick → decision', unit: 's', queries: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(hot_path_decision_latency_seconds_bucket[5m])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(hot_path_decision_latency_seconds_bucket[5m])))', legend: 'p99' },
      ],
    },
    {
      title: 'Tick → order acknowledged', unit: 's', description: 'Over an hour: the hot path places a few orders an hour', queries: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(hot_path_tick_to_order_ack_seconds_bucket[1h])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(hot_path_tick_to_order_ack_seconds_bucket[1h])))', legend: 'p99' },
      ],
    },
    { title: 'Ticks per second', unit: 'ops', queries: [{ expr: 'sum by (instrument) (rate(hot_path_ticks_total[5m]))', legend: '{{instrument}}' }] },
    { title: 'Decisions by outcome (per 15 min)', queries: [{ expr: 'sum by (instrument, outcome) (increase(hot_path_decisions_total[15m]))', legend: '{{instrument}} {{outcome}}' }] },
    {
      title: 'Orders and rejects (per hour)', queries: [
        { expr: 'sum by (instrument) (increase(hot_path_orders_total[1h]))', legend: '{{instrument}} orders' },
        { expr: 'sum by (instrument) (increase(hot_path_order_rejects_total[1h]))', legend: '{{instrument}} rejects' },
      ],
    },
    { title: 'Warm-up: bars left', queries: [{ expr: 'max by (instrument) (hot_path_warmup_bars_left)', legend: '{{instrument}}' }] },
    { title: 'Trading state (halts)', kind: 'stat', queries: [{ expr: 'max by (state) (hot_path_trading_state) == 1', legend: '{{state}}' }] },
    { title: 'Reconciled with the broker', kind: 'stat', queries: [{ expr: 'min(hot_path_reconciled)', legend: 'reconciled' }] },
    {
      title: 'Record writer', queries: [
        { expr: 'max(hot_path_writer_queue_depth)', legend: 'queued' },
        { expr: 'max(hot_path_writer_full)', legend: 'full' },
      ],
    },
    { title: 'Strategy parameters version', kind: 'stat', queries: [{ expr: 'max by (strategy) (hot_path_params_version)', legend: '{{strategy}}' }] },
  ],
};

export const DASHBOARDS: readonly DashboardSpec[] = [TRADING, WORKFLOWS, HOT_PATH];

/** The file each dashboard is provisioned from, under infra/monitoring/grafana/dashboards/. */
export const dashboardFileName = (spec: DashboardSpec): string => `${spec.uid.replace(/^trade-orchestrator-/, '')}.json`;
