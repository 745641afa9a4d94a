import type { AddressInfo } from 'node:net';
import { createInitialState, DEFAULT_ACCOUNTS, type AccountSeed } from './engine/initial-state';
import { Venue } from './engine/venue';
import { ConnectionLimits, type ConnectionLimitSettings } from './http/connection-limits';
import { FaultPlan, type FaultMethod } from './http/faults';
import { VenueStreams } from './http/streams';
import { RateLimiter } from './http/rate-limiter';
import { createSimServer, type SimLogger } from './http/server';
import { DurableStateWriter, loadState } from './persistence/state-file';
import { marketHoursNamed, type MarketHours } from './market/market-hours';
import { sharedPricePath } from './price/shared-price-path';
import { VirtualClock } from './virtual-clock';

export type { SimLogger } from './http/server';

export interface VenueSimulatorOptions {
  /** 0 = ephemeral; default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 42: price paths and candle history are a pure function of the seed and the history start. */
  seed?: number;
  /** JSON persistence, saved durably before each state change is answered; absent = in memory only. */
  stateFile?: string;
  /** Log entries after which the state file is compacted (default 10,000); it is also compacted at start and on close. */
  compactEvery?: number;
  /** Accepted Bearer tokens; default ['sim-token']. */
  tokens?: string[];
  /** Serve /sim/faults/* over HTTP (to a valid token); default false. The `faults` object works either way. */
  faultsEnabled?: boolean;
  /** Default: '101-001-0000001-001' and '-002' with 100000 USD each, '-003' with 100000 EUR. */
  accounts?: AccountSeed[];
  /**
   * New connections per second per client address (OANDA documents 2) and open pricing streams per token (OANDA
   * documents 20); 429 beyond either. Default: unlimited here, OANDA's in the standalone simulator (main.ts).
   */
  connectionLimits?: ConnectionLimitSettings;
  /** Per token, REST; default 100 (OANDA documents 120/s); 429 beyond it. */
  rateLimitPerSecond?: number;
  /** Epoch ms; default Date.now (tests inject a manual clock). */
  clock?: () => number;
  /**
   * Instead of `clock`: a clock starting at `startMs` (default now) that runs `speed` (default 1) times as fast as
   * ours and that `advanceClock` (or POST /sim/clock/advance) moves on at once.
   */
  virtualClock?: { startMs?: number; speed?: number };
  /**
   * 'oanda': the market closes from 17:00 New York on Friday to 17:00 on Sunday (gold also 17:00 to 18:00 daily) as
   * OANDA's does; 'always-open' (the default here; the standalone simulator defaults to 'oanda'): it never closes.
   */
  marketHours?: MarketHours['name'];
  /** Default 4 (max per instrument). */
  streamPricesPerSecond?: number;
  /** Default 5000 (OANDA sends a heartbeat every 5 s). */
  heartbeatMs?: number;
  /**
   * Where the generated history begins (UTC midnight). Default: the midnight 366 days before the clock at first
   * start; it is stored in the state file so a restart regenerates the same path.
   */
  historyStartMs?: number;
  /** How often orders are checked against the live path without any request; default 1000. */
  triggerIntervalMs?: number;
  /** With a state file: transactions kept per account, older history forgotten at compaction; default 100,000. */
  keepTransactions?: number;
  /**
   * Units a MARKET order finds at the quoted price (its prices show it as their liquidity). Beyond it a fill-or-kill
   * order is cancelled INSUFFICIENT_LIQUIDITY and an immediate-or-cancel one fills in part. Default: any size fills
   * (prices show 10,000,000, OANDA's top of book for majors).
   */
  liquidity?: number;
  /** Most transactions one `transactions/sinceid` answer holds; default 1000, as OANDA pages them. */
  transactionsPageSize?: number;
  logger?: SimLogger;
}

export interface VenueSimulator {
  url: string;
  port: number;
  faults: {
    /** The next matching request is fully processed but its socket is destroyed before any response byte. */
    loseNextResponse(method: FaultMethod, pathPattern: RegExp): void;
    /** Destroy every open pricing stream connection (clients must reconnect). */
    dropStreams(): void;
    /** Keep stream connections open but send nothing (no prices, no heartbeats) until resumed. */
    silenceStreams(silent: boolean): void;
  };
  /** With `virtualClock`: moves the clock on by ms at once (orders trigger and financing books on the way). */
  advanceClock(ms: number): number;
  /** Stops the server; the state file is already up to date, and is compacted so the next start reads it quickly. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
/** A wall clock a little behind the state file (another machine's clock, a restart within the second) is fine. */
const CLOCK_BEHIND_STATE_TOLERANCE_MS = 60_000;

export async function startVenueSimulator(options: VenueSimulatorOptions = {}): Promise<VenueSimulator> {
  if (options.clock && options.virtualClock) throw new Error('give the simulator a clock or a virtual clock, not both');
  if (options.liquidity !== undefined && !(options.liquidity > 0)) throw new RangeError(`liquidity must be above 0 units, got ${options.liquidity}`);
  const seed = options.seed ?? 42;
  const loaded = options.stateFile ? loadState(options.stateFile) : undefined;
  if (loaded && loaded.seed !== seed) {
    throw new Error(`state file ${options.stateFile} was written with seed ${loaded.seed}, but the simulator was started with seed ${seed}`);
  }
  // The venue only moves forward: a virtual clock resumes where the state file's accounts were last brought to.
  const reachedMs = loaded ? Math.max(...loaded.accounts.map((account) => account.evaluatedUntilMs)) : Number.NEGATIVE_INFINITY;
  const virtualClock = options.virtualClock ? new VirtualClock(Math.max(options.virtualClock.startMs ?? Date.now(), reachedMs), options.virtualClock.speed) : undefined;
  const clock = virtualClock?.now ?? options.clock ?? Date.now;
  if (reachedMs - clock() > CLOCK_BEHIND_STATE_TOLERANCE_MS) {
    throw new Error(`state file ${options.stateFile} was brought up to ${new Date(reachedMs).toISOString()}, after the simulator's clock (${new Date(clock()).toISOString()}): `
      + 'its orders would wait for the clock to catch up. Delete the file, or start a virtual clock (SIM_CLOCK_START) at or after that time');
  }
  const historyStartMs = loaded?.historyStartMs ?? options.historyStartMs ?? Math.floor((clock() - 366 * DAY_MS) / DAY_MS) * DAY_MS;
  const state = loaded ?? createInitialState(seed, historyStartMs, options.accounts ?? DEFAULT_ACCOUNTS, clock());
  const stateFile = options.stateFile;
  const writer = stateFile ? new DurableStateWriter(stateFile, state, { compactEvery: options.compactEvery, keepTransactions: options.keepTransactions }) : undefined;
  const venue = new Venue(state, sharedPricePath(seed, historyStartMs, marketHoursNamed(options.marketHours ?? 'always-open')), clock, () => writer?.save(), options.transactionsPageSize, options.liquidity);
  const faults = new FaultPlan();
  const streams = new VenueStreams(venue, { pricesPerSecond: options.streamPricesPerSecond ?? 4, heartbeatMs: options.heartbeatMs ?? 5000 });
  const server = createSimServer({
    venue,
    tokens: new Set(options.tokens ?? ['sim-token']),
    faultsEnabled: options.faultsEnabled ?? false,
    rateLimiter: new RateLimiter(options.rateLimitPerSecond ?? 100),
    connectionLimits: new ConnectionLimits(options.connectionLimits ?? {}),
    faults,
    streams,
    virtualClock,
    logger: options.logger,
  });
  venue.advance();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8090, options.host ?? '127.0.0.1', () => resolve());
  });
  const triggerTimer = setInterval(() => venue.advance(), options.triggerIntervalMs ?? 1000);
  triggerTimer.unref();
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  options.logger?.info({ url: `http://${host}:${address.port}`, seed, historyStartMs: new Date(historyStartMs).toISOString(), stateFile, marketHours: venue.path.hours.name, clock: new Date(clock()).toISOString(), virtualClock: options.virtualClock }, 'venue simulator listening');
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    faults: {
      loseNextResponse: (method, pathPattern) => faults.loseNextResponse(method, pathPattern),
      dropStreams: () => streams.dropAll(),
      silenceStreams: (silent) => streams.setSilent(silent),
    },
    advanceClock(ms) {
      if (!virtualClock) throw new Error('advanceClock needs a simulator started with virtualClock');
      virtualClock.advance(ms);
      return venue.advance();
    },
    async close() {
      clearInterval(triggerTimer);
      streams.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      writer?.compact();
    },
  };
}
