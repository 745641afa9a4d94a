import { type Duration, msToNumber } from '@temporalio/common';
import { join } from 'node:path';
import { waitFor } from '../async/wait-for';
import { recordAccountAtBroker } from '../accounts/record-configured-accounts';
import { createAccountBrokers } from '../broker/account-brokers';
import { brokerBudgets } from '../broker/rest-call-budget';
import type { AppConfig } from '../config';
import { connectDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { ensureActiveStrategyParams } from '../db/queries/strategy-params';
import { getStrategy } from '../../domain/strategies';
import { loadHotPathConfig } from '../../workers/hot-path/config';
import { dataDir, projectRoot } from '../paths';
import { spawnEntryPoint, type RunningEntryPoint } from '../process/entry-point';
import { ensureTemporalCli } from '../temporal/binaries';
import { isTemporalAnswering, startTemporalDevServer } from '../temporal/dev-server';
import { devApiKeyPath, ensureDevApiKey } from './dev-api-key';
import { formatChildLine } from './log-lines';

type Stop = () => Promise<unknown>;

export interface StackUrls {
  api: string;
  temporalUi: string;
  temporal: string;
  venueSimulator?: string;
  workerMetrics: string;
  /** Unset when the hot path is not started (by default it runs only against the simulator). */
  hotPathStatus?: string;
  database: string;
}

export interface RunningStack {
  urls: StackUrls;
  /** The admin api key bin/start uses (kept in apiKeyPath for the person running it). */
  apiKey: string;
  apiKeyPath: string;
  /** Settles with the name of the first child process that exited on its own. */
  firstChildExit: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts every part of the product on one machine, in dependency order: Postgres (embedded unless DATABASE_URL),
 * Temporal (dev server unless one already answers), the venue simulator (venue `sim`), the orchestration worker,
 * the api and (by default only on the simulator) the hot path. Whatever was started is stopped in reverse order, also when a later step fails.
 */
export async function startStack(config: AppConfig, say: (line: string) => void): Promise<RunningStack> {
  const stops: Array<{ name: string; stop: Stop }> = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      say(`stopping ${name}`);
      await stop().catch((error: unknown) => say(`stopping ${name} failed: ${String(error)}`));
    }
  };
  try {
    const root = projectRoot();
    const stateDir = dataDir(config.DATA_DIR);

    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    const children: RunningEntryPoint[] = [];
    const startChild = (name: string, entryPoint: string, env: NodeJS.ProcessEnv, onLine = (line: string) => say(formatChildLine(name, line))) => {
      const child = spawnEntryPoint(name, entryPoint, env, onLine, { ownProcessGroup: true });
      children.push(child);
      stops.push({ name, stop: () => child.stop() });
      return child;
    };

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      say(`starting embedded Postgres on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${join(stateDir, 'postgres')})`);
      let announced: string | undefined;
      startChild('postgres', 'infra/db/embedded-postgres-main', childEnv, (line) => {
        if (line.startsWith('ready ')) announced = line.slice('ready '.length);
        else say(formatChildLine('postgres', line));
      });
      databaseUrl = await waitFor('embedded Postgres', async () => announced, 120_000);
    }
    childEnv.DATABASE_URL = databaseUrl;
    const apiKey = await migrateAndKey(databaseUrl, stateDir, say);

    const [temporalHost, temporalPort] = config.TEMPORAL_ADDRESS.split(':') as [string, string];
    if (await isTemporalAnswering(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE)) {
      say(`reusing the Temporal server already answering on ${config.TEMPORAL_ADDRESS}`);
    } else {
      say('starting the Temporal dev server (the first run installs the Temporal CLI)');
      const temporal = await startTemporalDevServer({
        cliPath: await ensureTemporalCli({ projectRoot: root, log: say }),
        dataDir: join(stateDir, 'temporal'),
        ip: temporalHost,
        port: Number(temporalPort),
        uiPort: Number(new URL(config.TEMPORAL_UI_URL).port || 8233),
        namespace: config.TEMPORAL_NAMESPACE,
        retentionMs: msToNumber(config.TEMPORAL_RETENTION as Duration),
      });
      stops.push({ name: 'Temporal', stop: temporal.stop });
    }

    let venueSimulator: string | undefined;
    if (config.broker.venue === 'sim') {
      const simUrl = new URL(config.broker.restUrl);
      startChild('venue-sim', 'infra/venue-sim/main', {
        ...childEnv,
        SIM_HOST: simUrl.hostname,
        SIM_PORT: simUrl.port || '8090',
        // Every account's token, so an account with a credential of its own (BROKER_ACCOUNTS) signs in too.
        SIM_TOKEN: [...new Set(config.broker.accounts.map((account) => account.token))].join(','),
        SIM_STATE_FILE: join(stateDir, 'venue-sim', 'state.json'),
      });
      await waitFor('the venue simulator', () => answersOk(new URL('/sim/health', simUrl).toString()), 60_000);
      venueSimulator = simUrl.origin;
    }

    await seedBrokerAccounts(databaseUrl, config, say);
    startChild('worker', 'workers/orchestration', childEnv);
    startChild('api', 'api/main', childEnv);
    const api = `http://${config.API_HOST}:${config.API_PORT}`;
    await waitFor('the api to be ready', () => answersOk(`${api}/ready`), 120_000);

    let hotPathStatus: string | undefined;
    const hotPath = loadHotPathConfig(process.env);
    if (hotPath.hotPath.HOT_PATH_ENABLED ?? config.broker.venue === 'sim') {
      if (config.broker.venue === 'sim') await seedDefaultParams(databaseUrl, hotPath.hotPath.HOT_PATH_STRATEGY, say);
      startChild('hot-path', 'workers/hot-path', childEnv);
      hotPathStatus = `http://${hotPath.hotPath.HOT_PATH_METRICS_HOST}:${hotPath.hotPath.HOT_PATH_METRICS_PORT}/status`;
    }

    return {
      urls: {
        api,
        temporalUi: config.TEMPORAL_UI_URL,
        temporal: config.TEMPORAL_ADDRESS,
        venueSimulator,
        workerMetrics: `http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics`,
        hotPathStatus,
        database: redactPassword(databaseUrl),
      },
      apiKey,
      apiKeyPath: devApiKeyPath(stateDir),
      firstChildExit: Promise.race(children.map((child) => child.exited.then(() => child.name))),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Applies the migrations, and makes sure of the admin key the stack is driven with. */
async function migrateAndKey(databaseUrl: string, stateDir: string, say: (line: string) => void): Promise<string> {
  const handle = connectDatabase(databaseUrl, { applicationName: 'dev-stack' });
  try {
    await migrateDatabase(handle);
    return await ensureDevApiKey(handle.db, stateDir, say);
  } finally {
    await handle.close();
  }
}

/** Records the accounts the app trades, with their balances at the broker, so the app knows them before any workflow runs. */
async function seedBrokerAccounts(databaseUrl: string, config: AppConfig, say: (line: string) => void): Promise<void> {
  const handle = connectDatabase(databaseUrl, { applicationName: 'dev-stack' });
  // Paced like every process's connections: the simulator, like OANDA, refuses new connections beyond 2 a second.
  const brokers = createAccountBrokers(config.broker, brokerBudgets(config, handle.db, { warn: (details, message) => say(`${message} ${JSON.stringify(details)}`) }));
  try {
    for (const account of config.broker.accounts) {
      // A refusal over the venue's rates (HTTP 429) passes: asked again until it answers.
      const summary = await waitFor(`account ${account.id} at the broker`, () => recordAccountAtBroker(handle.db, config.broker.venue, account, brokers), 15_000);
      say(`trading account ${account.id} (${config.broker.venue}): balance ${summary.balance} ${summary.currency}`);
    }
  } finally {
    brokers.close();
    await handle.close();
  }
}

/** On the simulator, a fresh database gets the strategy's default parameters as its active version, so the hot path trades. */
async function seedDefaultParams(databaseUrl: string, strategy: string, say: (line: string) => void): Promise<void> {
  const handle = connectDatabase(databaseUrl, { applicationName: 'dev-stack' });
  try {
    const version = await ensureActiveStrategyParams(handle.db, {
      strategy, params: getStrategy(strategy).defaults, createdBy: 'bin/start', reason: 'default parameters for the simulator',
    });
    say(`hot path trades ${strategy} version ${version}`);
  } finally {
    await handle.close();
  }
}

/** true when the URL answers 2xx, undefined otherwise (the shape waitFor polls for). */
async function answersOk(url: string): Promise<true | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok || undefined;
  } catch {
    return undefined;
  }
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
