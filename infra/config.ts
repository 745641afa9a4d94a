import { type Duration, msToNumber } from '@temporalio/common';
import { join } from 'node:path';
import { z } from 'zod';
import { resolveVenueConfig, VenueConfigError, type VenueConfig } from './broker/venue-config';
import { parseWebhookSinks, type WebhookSink } from './notifications/webhook-sinks';
import { temporalConnectionOptions, TemporalConnectionError, type TemporalConnectionOptions } from './orchestration/temporal-connection';
import { INSTRUMENTS } from '../domain/market';

/**
 * All configuration comes from the environment and is validated once, at start. Every variable has a default that
 * runs the whole stack on one machine against the bundled venue simulator.
 */
const port = z.coerce.number().int().min(1).max(65535);
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const schema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }).optional(),
  EMBEDDED_PG_PORT: port.default(5433),

  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  /**
   * How long the namespace keeps closed workflows (their histories and the Web UI's list) where a launcher creates it:
   * bin/start's dev server (72h: a weekend to look back over, with its store bounded) and compose's namespace job,
   * which sets 720h for production (docs/deploy.md).
   */
  TEMPORAL_RETENTION: z.string().regex(/^\d+[hd]$/, 'expected hours or days, such as 72h or 3d').refine((text) => msToNumber(text as Duration) >= 86_400_000, 'at least 24h').default('72h'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orchestration'),
  /** Temporal Cloud or a TLS-fronted server (docs/deploy.md): TLS, with a client certificate (mTLS) or an API key. */
  TEMPORAL_TLS: booleanFlag.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(8080),
  /**
   * Host headers the api answers (DNS rebinding): comma-separated host[:port], or * for any. Unset: the addresses it
   * listens on (every interface's when API_HOST is 0.0.0.0), with localhost for loopback.
   */
  API_ALLOWED_HOSTS: z.string().min(1).optional(),
  /** Origins a browser may call the api from (CORS), comma-separated; unset: none. */
  API_CORS_ORIGINS: z.string().min(1).optional(),
  /** Whether /metrics answers without credentials (Prometheus scrapes it). */
  API_METRICS_PUBLIC: booleanFlag.default(true),
  /** Requests per minute per identity, and per client address before its credentials are checked. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
  /** The longest a ?wait=true request is held open before it answers 202 with the run still going. */
  API_WAIT_MAX_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  /** Bearer JWTs from an identity provider: verified with the keys at this JWKS URL; unset, only api keys are accepted. */
  AUTH_JWT_JWKS_URL: z.url().optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  /** The claim holding the caller's role (viewer, trader or admin; a list takes its highest). */
  AUTH_JWT_ROLE_CLAIM: z.string().min(1).default('role'),
  WORKER_METRICS_PORT: port.default(9464),
  /** 0.0.0.0 in a container, so Prometheus on another host can scrape the worker. */
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Loopback port of the Temporal SDK's own exporter, merged into the worker's /metrics; unset: any free port. */
  WORKER_SDK_METRICS_PORT: port.optional(),
  /**
   * Worker concurrency; unset = the Temporal SDK's defaults (40 workflow tasks, 10 polls, 100 activities per worker),
   * which measured as well as tighter or wider settings on two cores (`npm run bench:worker-load`).
   */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  WORKER_WORKFLOW_TASK_POLLS: z.coerce.number().int().min(2).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().optional(),

  HEALTH_CHECK_SCHEDULE: z.string().regex(/^\d+[smh]$/, 'expected a duration such as 30s, 1m or 1h').default('1m'),
  /**
   * Retention of the operational tables, pruned by a Temporal schedule in batches of RETENTION_BATCH_SIZE rows. The
   * records of money (orders, fills, audit events) are never pruned; the same schedule keeps their monthly partitions
   * ready.
   */
  RETENTION_SCHEDULE: z.string().regex(/^\d+[smh]$/, 'expected a duration such as 30m, 1h or 24h').default('1h'),
  RETENTION_HOT_PATH_DECISIONS_DAYS: z.coerce.number().positive().default(30),
  RETENTION_COMPONENT_HEALTH_DAYS: z.coerce.number().positive().default(14),
  RETENTION_RISK_SNAPSHOTS_DAYS: z.coerce.number().positive().default(90),
  /** Candles by their bar time: the cache refetches older bars from the broker when a backtest wants them. */
  RETENTION_CANDLES_DAYS: z.coerce.number().positive().default(400),
  /** Backtest trials, except those of a run that made a version still candidate or active. */
  RETENTION_BACKTEST_RUNS_DAYS: z.coerce.number().positive().default(90),
  RETENTION_BATCH_SIZE: z.coerce.number().int().positive().max(100_000).default(5_000),
  /**
   * The records of money leave the database only by an admin's POST /api/system/archive, for a month that ended at
   * least ARCHIVE_MIN_AGE_DAYS ago, into files under ARCHIVE_DIR (default DATA_DIR/archive) on the worker's machine.
   */
  ARCHIVE_DIR: z.string().min(1).optional(),
  ARCHIVE_MIN_AGE_DAYS: z.coerce.number().int().min(0).default(90),
  HEALTH_DEGRADED_LATENCY_MS: z.coerce.number().int().positive().default(500),
  PROBE_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  SCHEDULES_ENABLED: booleanFlag.default(true),
  /** The per-account risk monitor (snapshots, breakers, fill recording): a safety function, on whatever SCHEDULES_ENABLED says. */
  RISK_MONITOR_ENABLED: booleanFlag.default(true),
  RISK_MONITOR_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /** The per-account continuous reconciler (unsettled orders, fills, unexplained positions); a safety function like the monitor. */
  RECONCILER_ENABLED: booleanFlag.default(true),
  /** How often it runs: an order row stays unknown at most this long past its last attempt's bound. */
  RECONCILER_INTERVAL_MS: z.coerce.number().int().min(1_000).max(300_000).default(10_000),
  /** What an unexplained position or book mismatch does to the account's trading: REDUCING (default), HALTED, or OFF (recorded only). */
  RECONCILIATION_MISMATCH_TRIPS_TO: z.enum(['REDUCING', 'HALTED', 'OFF']).default('REDUCING'),
  /** Research schedules: the evolution cycle and the optimization of RESEARCH_STRATEGY on RESEARCH_INSTRUMENTS. */
  EVOLUTION_SCHEDULE: z.string().regex(/^\d+[smh]$/, 'expected a duration such as 30m, 1h or 24h').default('1h'),
  OPTIMIZATION_SCHEDULE: z.string().regex(/^\d+[smh]$/, 'expected a duration such as 30m, 1h or 24h').default('24h'),
  RESEARCH_STRATEGY: z.string().min(1).default('ma-crossover'),
  RESEARCH_INSTRUMENTS: z.string().transform((list) => list.split(',').map((name) => name.trim()))
    .refine((names) => names.length > 0 && names.every((name) => INSTRUMENTS[name]), 'expected a comma-separated list of known instruments')
    .default(['EUR_USD', 'GBP_USD', 'USD_JPY', 'AUD_USD']),
  /** Daily equal-weight rebalance of this account over RESEARCH_INSTRUMENTS; unset, no rebalance is scheduled. */
  REBALANCE_SCHEDULE: z.string().regex(/^\d+[smh]$/, 'expected a duration such as 30m, 1h or 24h').default('24h'),
  REBALANCE_SCHEDULE_ACCOUNT_ID: z.string().min(1).optional(),
  REBALANCE_SCHEDULE_MAX_ORDER_NOTIONAL_USD: z.coerce.number().positive().default(50_000),

  /**
   * Broker activities per second on the broker task queue, for all workers together: a guard behind the REST budget
   * below, which meters the calls themselves (it alone bounds the workers if Postgres is down, so keep it under
   * OANDA's 120 requests a second divided by the ~3 calls of a broker activity).
   */
  BROKER_ACTIVITIES_PER_SECOND: z.coerce.number().positive().max(100).default(40),
  /**
   * The account's REST calls per second, shared by every worker and hot path through Postgres: OANDA recommends at
   * most 100 a second (and refuses above 120, counted over the last second). Placements are every call but a GET.
   */
  BROKER_REST_READS_PER_SECOND: z.coerce.number().int().positive().max(120).default(70),
  BROKER_REST_PLACEMENTS_PER_SECOND: z.coerce.number().int().positive().max(120).default(30),
  /** New connections per second to each broker host, every process together: OANDA recommends at most 2. */
  BROKER_NEW_CONNECTIONS_PER_SECOND: z.coerce.number().int().positive().max(10).default(2),
  /**
   * Keep-alive connections each process keeps to each broker host. A cold burst opens them at the pace above, and a
   * request waits for its connection, so keep the last one's turn well inside BROKER_REQUEST_TIMEOUT_MS.
   */
  BROKER_CONNECTIONS_PER_HOST: z.coerce.number().int().positive().max(32).default(6),
  /** Share of NAV a signal's trade may lose if its stop is hit. */
  RISK_FRACTION: z.coerce.number().gt(0).max(0.1).default(0.005),
  MAX_ORDER_UNITS: z.coerce.number().int().positive().default(1_000_000),
  MAX_ORDER_NOTIONAL_USD: z.coerce.number().positive().default(100_000),
  /** Largest position in one instrument as a fraction of NAV (1.5 = 150%). */
  MAX_CONCENTRATION: z.coerce.number().positive().default(1.5),
  MAX_OPEN_TRADES: z.coerce.number().int().positive().default(50),
  MAX_DAILY_LOSS_USD: z.coerce.number().positive().default(5_000),
  MAX_ORDERS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Across every account: the day's loss of all accounts together halts the system. */
  SYSTEM_MAX_DAILY_LOSS_USD: z.coerce.number().positive().default(10_000),
  /** Across every account: the net exposure to one currency (USD aside), as a fraction of all accounts' NAV, above which the system only reduces. */
  MAX_CURRENCY_EXPOSURE: z.coerce.number().positive().default(3),
  /** Accounts whose P/L correlates at or above this count as one account for MAX_CONCENTRATION. */
  ACCOUNT_CORRELATION_LIMIT: z.coerce.number().min(-1).max(1).default(0.8),
  /** Default for analysis-to-trade requests that name no minConfidence. */
  SIGNAL_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.5),
  /** A rebalance whose orders total more than this USD notional waits for an approve or reject signal. */
  REBALANCE_APPROVAL_NOTIONAL_USD: z.coerce.number().nonnegative().default(50_000),
  REBALANCE_APPROVAL_TIMEOUT_MS: z.coerce.number().int().positive().default(3_600_000),
});

/**
 * The process settings, plus the broker venue (BROKER_VENUE and friends, see infra/broker/venue-config.ts), how to reach
 * Temporal, and the webhook sinks (WEBHOOKS, see infra/notifications/webhook-sinks.ts).
 */
export type AppConfig = z.infer<typeof schema> & { broker: VenueConfig; temporal: TemporalConnectionOptions; webhooks: WebhookSink[] };

/** Where archived months of the money tables are written. */
export function archiveDirectory(config: Pick<AppConfig, 'ARCHIVE_DIR' | 'DATA_DIR'>): string {
  return config.ARCHIVE_DIR ?? join(config.DATA_DIR, 'archive');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming every bad variable. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { data, problems } = parseEnvironment(schema, env);
  let broker: VenueConfig | undefined;
  try {
    broker = resolveVenueConfig(env);
  } catch (error) {
    if (!(error instanceof VenueConfigError)) throw error;
    problems.push(error.message);
  }
  let temporal: TemporalConnectionOptions | undefined;
  try {
    if (data) temporal = temporalConnectionOptions(data);
  } catch (error) {
    if (!(error instanceof TemporalConnectionError)) throw error;
    problems.push(error.message);
  }
  const webhooks = parseWebhookSinks(env);
  problems.push(...webhooks.problems);
  if (!data || !broker || !temporal || webhooks.problems.length > 0) throw new ConfigError(problems);
  return { ...data, broker, temporal, webhooks: webhooks.sinks };
}

/**
 * Parses the variables a schema names (empty counts as unset) and describes each problem as
 * `NAME: what is wrong (got "value")`, for every process's config.
 */
export function parseEnvironment<T extends z.ZodObject>(schema: T, env: NodeJS.ProcessEnv): { data?: z.infer<T>; problems: string[] } {
  const relevant = Object.fromEntries(
    Object.keys(schema.shape).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
  );
  const parsed = schema.safeParse(relevant);
  if (parsed.success) return { data: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      return `${variable}: ${issue.message} (got ${JSON.stringify(relevant[variable])})`;
    }),
  };
}
