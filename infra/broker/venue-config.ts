import { MAX_BROKER_REQUEST_TIMEOUT_MS, PLACEMENT_ATTEMPT_DEADLINE_MS } from '../../domain/trading/attempt-bounds';

/**
 * Which venue the broker talks to. `sim` is the default and needs nothing; `practice` needs an OANDA token and
 * account; `live` additionally needs LIVE_TRADING_ENABLED=true, and fails closed otherwise.
 */
export const VENUES = ['sim', 'practice', 'live'] as const;
export type Venue = (typeof VENUES)[number];

export interface VenueConfig {
  venue: Venue;
  restUrl: string;
  /** OANDA serves the price stream from its own host; the simulator serves both from one. */
  streamUrl: string;
  token: string;
  accountId: string;
  liveTradingEnabled: boolean;
  requestTimeoutMs: number;
}

export type VenueEnvironment = Record<string, string | undefined>;

const OANDA_HOSTS = {
  practice: { restUrl: 'https://api-fxpractice.oanda.com', streamUrl: 'https://stream-fxpractice.oanda.com' },
  live: { restUrl: 'https://api-fxtrade.oanda.com', streamUrl: 'https://stream-fxtrade.oanda.com' },
} as const;

const SIM_DEFAULTS = { url: 'http://127.0.0.1:8090', token: 'sim-token', accountId: '101-001-0000001-001' } as const;
// Well under an activity's 30 s start-to-close, so placeOrder's few requests and its re-check fit in one attempt.
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export class VenueConfigError extends Error {
  override readonly name = 'VenueConfigError';
}

/**
 * Reads BROKER_VENUE (sim|practice|live), BROKER_URL, BROKER_TOKEN and BROKER_ACCOUNT_ID (the simulator's),
 * OANDA_API_KEY and OANDA_ACCOUNT_ID (practice and live), LIVE_TRADING_ENABLED and BROKER_REQUEST_TIMEOUT_MS.
 */
export function resolveVenueConfig(env: VenueEnvironment = process.env): VenueConfig {
  const venue = parseVenue(read(env, 'BROKER_VENUE') ?? 'sim');
  const liveTradingEnabled = parseFlag(env, 'LIVE_TRADING_ENABLED');
  const requestTimeoutMs = parsePositiveInteger(env, 'BROKER_REQUEST_TIMEOUT_MS') ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (requestTimeoutMs > MAX_BROKER_REQUEST_TIMEOUT_MS) {
    throw new VenueConfigError(`BROKER_REQUEST_TIMEOUT_MS must be at most ${MAX_BROKER_REQUEST_TIMEOUT_MS} ms, got ${requestTimeoutMs}: a placement attempt `
      + `(its database reads, then its broker requests) must end inside its ${PLACEMENT_ATTEMPT_DEADLINE_MS} ms deadline, before Temporal may start the next attempt`);
  }

  if (venue === 'sim') {
    const url = read(env, 'BROKER_URL') ?? SIM_DEFAULTS.url;
    return {
      venue,
      restUrl: url,
      streamUrl: url,
      token: read(env, 'BROKER_TOKEN') ?? SIM_DEFAULTS.token,
      accountId: read(env, 'BROKER_ACCOUNT_ID') ?? SIM_DEFAULTS.accountId,
      liveTradingEnabled,
      requestTimeoutMs,
    };
  }
  if (venue === 'live' && !liveTradingEnabled) {
    throw new VenueConfigError('BROKER_VENUE=live trades real money and is refused: set LIVE_TRADING_ENABLED=true to allow it');
  }
  const token = read(env, 'OANDA_API_KEY');
  if (!token) throw new VenueConfigError(`BROKER_VENUE=${venue} needs OANDA_API_KEY (an OANDA personal access token)`);
  const accountId = read(env, 'OANDA_ACCOUNT_ID');
  if (!accountId) throw new VenueConfigError(`BROKER_VENUE=${venue} needs OANDA_ACCOUNT_ID (e.g. 101-001-1234567-001)`);
  return { venue, ...OANDA_HOSTS[venue], token, accountId, liveTradingEnabled, requestTimeoutMs };
}

function read(env: VenueEnvironment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function parseVenue(value: string): Venue {
  if ((VENUES as readonly string[]).includes(value)) return value as Venue;
  throw new VenueConfigError(`BROKER_VENUE must be one of ${VENUES.join(', ')}, got ${JSON.stringify(value)}`);
}

function parseFlag(env: VenueEnvironment, name: string): boolean {
  const value = read(env, name);
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new VenueConfigError(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

function parsePositiveInteger(env: VenueEnvironment, name: string): number | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new VenueConfigError(`${name} must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`);
  return parsed;
}
