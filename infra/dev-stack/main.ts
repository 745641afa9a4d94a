import { ConfigError, loadConfig } from '../config';
import { startStack, type RunningStack } from './stack';

const HELP = `Usage: bin/start [--help]

Brings the whole stack up in the foreground on this machine, then runs a health check and one analysis-to-trade
(orders only on the simulator) through the REST api:
  Postgres        embedded under DATA_DIR (default .data/) on EMBEDDED_PG_PORT (5433), unless DATABASE_URL is set
  Temporal        dev server on TEMPORAL_ADDRESS (127.0.0.1:7233), Web UI on TEMPORAL_UI_URL (port 8233),
                  unless a Temporal server already answers there
  venue simulator on BROKER_URL (127.0.0.1:8090) when BROKER_VENUE is sim (the default); it keeps OANDA's
                  market hours (closed Friday to Sunday 17:00 New York) unless SIM_MARKET_HOURS=always-open
  worker          orchestration worker, metrics on WORKER_METRICS_PORT (9464)
  api             REST on API_HOST:API_PORT (127.0.0.1:8080); its contract at /openapi.json and /docs; every call
                  but the probes needs an api key: the first start makes an admin key in DATA_DIR/api-key
                  (printed); the operator console is its page at /, and bin/ctl its command line
  hot path        tick-level trading, /status and /metrics on HOT_PATH_METRICS_PORT (9465); started by default
                  only on the simulator (HOT_PATH_ENABLED=true|false decides otherwise)
Ctrl-C stops everything, in reverse order. Every variable is listed in README.md.`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    say(HELP);
    return;
  }
  const config = loadConfig();
  const stack = await startStack(config, say);
  let stopping = false;
  const stop = async (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say(`\n${why}: stopping the stack`);
    await stack.stop();
    say('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('Ctrl-C', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  void stack.firstChildExit.then((name) => stop(`${name} exited unexpectedly`, 1));

  printUrls(stack);
  if (stack.urls.venueSimulator) await printMarketHours(stack.urls.venueSimulator);
  const api = apiClient(stack.urls.api, stack.apiKey);
  for (const [what, job] of [
    ['health check', () => runHealthCheck(api)],
    ['analysis-to-trade run', () => runAnalysisToTrade(api, config.broker.accountId, config.broker.venue === 'sim')],
  ] as const) {
    try {
      await job();
    } catch (error) {
      say(`\nthe first ${what} could not run (${error instanceof Error ? error.message : String(error)}); the stack stays up`);
    }
  }
  say(`\nThe stack is up; the health check also runs every minute on a Temporal schedule. Open ${stack.urls.api}/ to watch it. Ctrl-C stops it.`);
}

type ApiClient = (path: string, body?: unknown) => Promise<Response>;

/** The stack's own calls carry its admin key, as every call to the api must. */
function apiClient(base: string, key: string): ApiClient {
  return (path, body) => fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function printUrls({ urls, apiKeyPath, apiKey }: RunningStack): void {
  say('\nTrade Orchestrator is running:');
  say(`  operator console ${urls.api}/   (sign in with the admin key ${apiKey}, kept in ${apiKeyPath})`);
  say(`  api              ${urls.api}   (/health, /ready, /docs, /openapi.json; the rest needs the key; bin/ctl uses it)`);
  say(`  Temporal Web UI  ${urls.temporalUi}`);
  say(`  Temporal         ${urls.temporal}`);
  if (urls.venueSimulator) say(`  venue simulator  ${urls.venueSimulator}   (OANDA v20 REST + stream, token from BROKER_TOKEN)`);
  say(`  worker metrics   ${urls.workerMetrics}`);
  if (urls.hotPathStatus) say(`  hot path         ${urls.hotPathStatus}   (and /metrics)`);
  say(`  Postgres         ${urls.database}`);
}

/** The simulator keeps OANDA's hours: from Friday 17:00 to Sunday 17:00 New York nothing trades, and bin/start says so. */
async function printMarketHours(simulatorUrl: string): Promise<void> {
  const clock = await fetch(`${simulatorUrl}/sim/clock`).then(async (response) => (await response.json()) as { marketHours: string; marketOpen: boolean; nextOpen: string }, () => undefined);
  if (!clock) return;
  if (clock.marketOpen) {
    say(`  market           open (${clock.marketHours} hours: closed from Friday to Sunday 17:00 New York)`);
    return;
  }
  say(`  market           CLOSED until ${clock.nextOpen} (OANDA's weekend): the hot path and analysis-to-trade place nothing`);
  say('                   until then; SIM_MARKET_HOURS=always-open bin/start keeps the simulator open');
}

/** The main job: one health check through the REST api, followed to completion. */
async function runHealthCheck(api: ApiClient): Promise<void> {
  const response = await api('/api/system/health-check', { requestedBy: 'bin/start' });
  const started = (await response.json()) as { workflowId: string; webUiUrl: string };
  say(`\nhealth check started: ${started.webUiUrl}`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const health = (await (await api('/api/system/health')).json()) as {
      overall: string;
      components: Array<{ component: string; status: string; latencyMs: number; workflowId: string | null; detail: string | null }>;
    };
    const ours = health.components.filter((c) => c.workflowId === started.workflowId);
    if (ours.length > 0) {
      for (const c of ours) say(`  ${c.component.padEnd(9)} ${c.status.padEnd(9)} ${c.latencyMs.toFixed(1)} ms  ${c.detail ?? ''}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  say('  (the health check has not recorded its result yet; see the Web UI link above)');
}

/**
 * The daily job, once: analysis to trade on two instruments with the moving-average crossover. It places orders
 * only on the simulator; on practice or live it analyses and validates without trading.
 */
async function runAnalysisToTrade(api: ApiClient, accountId: string, execute: boolean): Promise<void> {
  const response = await api('/api/workflows/analysis-to-trade?wait=true', {
    accountId, instruments: ['EUR_USD', 'USD_JPY'], strategy: { name: 'ma-crossover' }, granularity: 'M5', lookback: 300, execute, requestedBy: 'bin/start',
  });
  const body = (await response.json()) as {
    webUiUrl?: string; error?: string;
    result?: { outcome: string; instruments: Array<{ instrument: string; status: string; reasons: string[]; order?: { units?: number; fillPriceQuote?: number } }> };
  };
  if (!response.ok || !body.result) throw new Error(body.error ?? `HTTP ${response.status}`);
  say(`\nanalysis-to-trade (${execute ? 'execute' : 'analyse only'}): ${body.result.outcome}  ${body.webUiUrl ?? ''}`);
  for (const i of body.result.instruments) {
    const order = i.order ? `  order ${i.order.units} @ ${i.order.fillPriceQuote}` : '';
    say(`  ${i.instrument.padEnd(8)} ${i.status.padEnd(15)}${order}  ${i.reasons.join('; ')}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bin/start: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
