import { z } from 'zod';
import type { DecisionEngineConfig } from '../../domain/execution/engine-types';
import { GRANULARITIES, INSTRUMENTS } from '../../domain/market';
import type { BreakersConfig } from '../../domain/risk/circuit-breakers';
import { STRATEGIES } from '../../domain/strategies/registry';
import { ConfigError, loadConfig, parseEnvironment, type AppConfig } from '../../infra/config';
import { preTradeLimitsFrom } from '../../infra/orchestration/trading-limits';

/**
 * The hot-path worker's own settings, on top of the shared ones (DATABASE_URL, TEMPORAL_*, BROKER_*, RISK_FRACTION
 * and the pre-trade limits, which it shares with the workflows so both paths trade under one rule book).
 */
const port = z.coerce.number().int().min(1).max(65535);
const positiveInteger = z.coerce.number().int().positive();
const instrumentList = z.string().transform((value) => value.split(',').map((name) => name.trim()).filter((name) => name !== ''))
  .pipe(z.array(z.string().refine((name) => name in INSTRUMENTS, { message: `expected instruments from ${Object.keys(INSTRUMENTS).join(', ')}` })).min(1));

const schema = z.object({
  /** Read by bin/start only: run the hot path (default: on the simulator only, never on a real venue unasked). */
  HOT_PATH_ENABLED: z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1').optional(),
  /**
   * The accounts this process trades, each with its own engine, sizing, breakers and limits (comma-separated, each one
   * the deployment trades); unset: the default (first) account. Run several processes to partition the accounts.
   */
  HOT_PATH_ACCOUNTS: z.string().transform((value) => value.split(',').map((id) => id.trim()).filter((id) => id !== ''))
    .pipe(z.array(z.string()).min(1).refine((ids) => new Set(ids).size === ids.length, 'each account once: two engines must never trade one account')).optional(),
  HOT_PATH_INSTRUMENTS: instrumentList.default(['EUR_USD', 'USD_JPY']),
  HOT_PATH_STRATEGY: z.enum(STRATEGIES.map((strategy) => strategy.name) as [string, ...string[]]).default('ma-crossover'),
  HOT_PATH_GRANULARITY: z.enum(GRANULARITIES).default('M1'),
  HOT_PATH_METRICS_PORT: port.default(9465),
  HOT_PATH_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Take profit at this many stop distances; 0 places no take-profit. */
  HOT_PATH_TAKE_PROFIT_STOP_MULTIPLE: z.coerce.number().nonnegative().default(2),
  /** The engine's own breakers: each trips the account to HALTED and escalates to the emergency stop. */
  HOT_PATH_MAX_CONSECUTIVE_REJECTS: positiveInteger.default(5),
  HOT_PATH_BREAKER_COOL_DOWN_MS: positiveInteger.default(300_000),
  /** The fallback when a NOTIFY is missed (listener reconnecting): parameters and trading state are re-read this often. */
  HOT_PATH_POLL_INTERVAL_MS: positiveInteger.default(5_000),
  /** How often the broker's transactions are read for fills, stop-losses and take-profits. */
  HOT_PATH_TRANSACTION_POLL_MS: positiveInteger.default(250),
  /** Complete candles read from the broker at start to warm the strategies up; 0 warms up from live bars only. */
  HOT_PATH_WARMUP_CANDLES: z.coerce.number().int().min(0).max(5000).default(1000),
  /** How often the hot path publishes its status to Postgres, where GET /api/hot-path reads it. */
  HOT_PATH_STATUS_INTERVAL_MS: positiveInteger.default(2_000),
  HOT_PATH_WRITER_CAPACITY: positiveInteger.default(100_000),
  HOT_PATH_WRITER_BATCH_SIZE: positiveInteger.default(500),
  HOT_PATH_WRITER_FLUSH_MS: z.coerce.number().int().nonnegative().default(200),
});

export type HotPathSettings = Omit<z.infer<typeof schema>, 'HOT_PATH_ACCOUNTS'> & { HOT_PATH_ACCOUNTS: string[] };
export type HotPathConfig = AppConfig & { hotPath: HotPathSettings };

/** Parses the environment; throws a ConfigError naming every bad variable, shared or hot-path. */
export function loadHotPathConfig(env: NodeJS.ProcessEnv = process.env): HotPathConfig {
  const { data, problems } = parseEnvironment(schema, env);
  let shared: AppConfig | undefined;
  try {
    shared = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.unshift(...error.problems);
  }
  if (!data || !shared) throw new ConfigError(problems);
  const traded = shared.broker.accounts.map((account) => account.id);
  const accounts = data.HOT_PATH_ACCOUNTS ?? [shared.broker.accountId];
  const untraded = accounts.filter((id) => !traded.includes(id));
  if (untraded.length > 0) throw new ConfigError([`HOT_PATH_ACCOUNTS: ${untraded.join(', ')} not among the accounts this deployment trades (${traded.join(', ')})`]);
  return { ...shared, hotPath: { ...data, HOT_PATH_ACCOUNTS: accounts } };
}

/** The configuration one account's engine runs with: the broker narrowed to that account, whose limits then apply. */
export function hotPathConfigFor(config: HotPathConfig, accountId: string): HotPathConfig {
  const account = config.broker.accounts.find((candidate) => candidate.id === accountId);
  if (!account) throw new Error(`account ${accountId} is not traded by this deployment`);
  return { ...config, broker: { ...config.broker, accountId: account.id, token: account.token } };
}

/** The engine of the account `config.broker` names, under that account's limits. */
export function engineConfigFrom(config: HotPathConfig): DecisionEngineConfig {
  const { hotPath } = config;
  const limits = preTradeLimitsFrom(config, config.broker.accountId);
  const breakers: BreakersConfig = {
    daily_loss: { threshold: limits.maxDailyLossUsd, tripTo: 'HALTED', coolDownMs: hotPath.HOT_PATH_BREAKER_COOL_DOWN_MS, autoReset: false },
    // The engine remembers at most the limit's worth of order times, so the breaker trips when the window is full.
    order_rate: { threshold: limits.maxOrdersPerWindow, tripTo: 'HALTED', coolDownMs: hotPath.HOT_PATH_BREAKER_COOL_DOWN_MS, autoReset: true },
    consecutive_rejects: { threshold: hotPath.HOT_PATH_MAX_CONSECUTIVE_REJECTS, tripTo: 'HALTED', coolDownMs: hotPath.HOT_PATH_BREAKER_COOL_DOWN_MS, autoReset: true },
  };
  return {
    accountId: config.broker.accountId,
    instruments: hotPath.HOT_PATH_INSTRUMENTS.map((instrument) => ({ instrument, granularity: hotPath.HOT_PATH_GRANULARITY, strategy: hotPath.HOT_PATH_STRATEGY })),
    riskFraction: config.RISK_FRACTION,
    limits,
    breakers,
    takeProfitStopMultiple: hotPath.HOT_PATH_TAKE_PROFIT_STOP_MULTIPLE > 0 ? hotPath.HOT_PATH_TAKE_PROFIT_STOP_MULTIPLE : undefined,
  };
}
