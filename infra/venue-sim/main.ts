import pino from 'pino';
import { startVenueSimulator } from './index';

const HELP = `OANDA v20-compatible venue simulator

Usage: node dist/infra/venue-sim/main.js [--help]

Environment:
  SIM_PORT         port to listen on (default 8090)
  SIM_HOST         host to bind (default 127.0.0.1)
  SIM_SEED         seed of the price process (default 42)
  SIM_STATE_FILE   JSON state file (default .data/venue-sim/state.json)
  SIM_COMPACT_EVERY  log entries after which the state is compacted (default 10000; also at start and on stop)
  SIM_KEEP_TRANSACTIONS  transactions kept per account; a compaction forgets older history (default 100000)
  SIM_TOKEN        accepted Bearer token, or several comma-separated (default sim-token)
  SIM_FAULTS_ENABLED  true serves the fault endpoints below (default false)
  SIM_NEW_CONNECTIONS_PER_SECOND  new connections a client address may open per second, as OANDA limits them
                   (default 2; 0 = unlimited); requests on a connection beyond it answer 429 and it is closed
  SIM_MAX_STREAMS  pricing streams a token may hold open (default 20, as OANDA; 0 = unlimited); 429 beyond it
  SIM_MARKET_HOURS  oanda: closed from 17:00 New York on Friday to 17:00 on Sunday, gold also 17:00-18:00 daily
                   (default); always-open: never closes
  SIM_LIQUIDITY    units a MARKET order finds at the quoted price (default 0: any size fills); beyond it FOK is
                   cancelled INSUFFICIENT_LIQUIDITY, IOC fills in part
  SIM_CLOCK_START  an ISO time the simulator's clock starts at (default: the wall clock, not virtual)
  SIM_CLOCK_SPEED  how many times faster than the wall clock it runs (default 1); either variable makes it virtual

Control endpoints: GET /sim/health and GET /sim/clock (open); with SIM_FAULTS_ENABLED=true and the token:
POST /sim/faults/lose-next-response {method, pathPattern}, POST /sim/faults/drop-streams,
POST /sim/faults/silence-streams {silent}, POST /sim/clock/advance {ms} (a virtual clock only).
`;

function integerEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`);
  return value;
}

/** A limit from the environment; 0 means none. */
function limitEnv(name: string, fallback: number): number | undefined {
  const value = integerEnv(name, fallback);
  if (value < 0) throw new Error(`${name} must be 0 (unlimited) or more, got ${value}`);
  return value === 0 ? undefined : value;
}

function marketHoursEnv(): 'oanda' | 'always-open' {
  const name = process.env.SIM_MARKET_HOURS || 'oanda';
  if (name !== 'oanda' && name !== 'always-open') throw new Error(`SIM_MARKET_HOURS must be oanda or always-open, got "${name}"`);
  return name;
}

function virtualClockEnv(): { startMs?: number; speed?: number } | undefined {
  const start = process.env.SIM_CLOCK_START || undefined;
  const speed = process.env.SIM_CLOCK_SPEED || undefined;
  if (start === undefined && speed === undefined) return undefined;
  const startMs = start === undefined ? undefined : Date.parse(start);
  if (startMs !== undefined && Number.isNaN(startMs)) throw new Error(`SIM_CLOCK_START must be an ISO time, got "${start}"`);
  if (speed !== undefined && !(Number(speed) > 0)) throw new Error(`SIM_CLOCK_SPEED must be a number above 0, got "${speed}"`);
  return { startMs, speed: speed === undefined ? undefined : Number(speed) };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(HELP);
    return;
  }
  const logger = pino({ name: 'venue-sim' });
  const simulator = await startVenueSimulator({
    port: integerEnv('SIM_PORT', 8090),
    host: process.env.SIM_HOST || '127.0.0.1',
    seed: integerEnv('SIM_SEED', 42),
    stateFile: process.env.SIM_STATE_FILE || '.data/venue-sim/state.json',
    compactEvery: integerEnv('SIM_COMPACT_EVERY', 10_000),
    keepTransactions: integerEnv('SIM_KEEP_TRANSACTIONS', 100_000),
    tokens: (process.env.SIM_TOKEN || 'sim-token').split(',').map((token) => token.trim()).filter((token) => token !== ''),
    faultsEnabled: process.env.SIM_FAULTS_ENABLED === 'true',
    marketHours: marketHoursEnv(),
    liquidity: limitEnv('SIM_LIQUIDITY', 0),
    virtualClock: virtualClockEnv(),
    connectionLimits: { newConnectionsPerSecond: limitEnv('SIM_NEW_CONNECTIONS_PER_SECOND', 2), maxStreams: limitEnv('SIM_MAX_STREAMS', 20) },
    logger,
  });
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'venue simulator stopping');
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'venue simulator failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`venue simulator failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
