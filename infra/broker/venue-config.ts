import type { AccountLimitOverrides } from '../../domain/risk/account-limits';
import { MAX_BROKER_REQUEST_TIMEOUT_MS, PLACEMENT_ATTEMPT_DEADLINE_MS } from '../../domain/trading/attempt-bounds';
import { configuredAccounts, read, type ConfiguredAccount } from './account-list';

/**
 * Which venue the broker talks to. `sim` is the default and needs nothing; `practice` needs an OANDA token and
 * account; `live` additionally needs LIVE_TRADING_ENABLED=true, and fails closed otherwise.
 */
export const VENUES = ['sim', 'practice', 'live'] as const;
export type Venue = (typeof VENUES)[number];

/** One account the deployment trades, with the token it is traded with. */
export interface VenueAccount {
  id: string;
  alias?: string;
  /** The environment variable the token was read from: what the registry records, never the token. */
  credential: string;
  token: string;
  limits: AccountLimitOverrides;
}

export interface VenueConfig {
  venue: Venue;
  restUrl: string;
  /** OANDA serves the price stream from its own host; the simulator serves both from one. */
  streamUrl: string;
  /** Every account traded, the first being the default one. */
  accounts: readonly VenueAccount[];
  /** The default account's id and token: market data, and the account a caller gets when it names none. */
  accountId: string;
  token: string;
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
 * Reads BROKER_VENUE (sim|practice|live), BROKER_URL, BROKER_TOKEN and BROKER_ACCOUNT_ID[S] (the simulator's),
 * OANDA_API_KEY and OANDA_ACCOUNT_ID[S] (practice and live), or BROKER_ACCOUNTS (accounts with their own
 * credentials and limits, any venue), LIVE_TRADING_ENABLED and BROKER_REQUEST_TIMEOUT_MS.
 */
export function resolveVenueConfig(env: VenueEnvironment = process.env): VenueConfig {
  const venue = parseVenue(read(env, 'BROKER_VENUE') ?? 'sim');
  const liveTradingEnabled = parseFlag(env, 'LIVE_TRADING_ENABLED');
  const requestTimeoutMs = parsePositiveInteger(env, 'BROKER_REQUEST_TIMEOUT_MS') ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (requestTimeoutMs > MAX_BROKER_REQUEST_TIMEOUT_MS) {
    throw new VenueConfigError(`BROKER_REQUEST_TIMEOUT_MS must be at most ${MAX_BROKER_REQUEST_TIMEOUT_MS} ms, got ${requestTimeoutMs}: a placement attempt `
      + `(its database reads, then its broker requests) must end inside its ${PLACEMENT_ATTEMPT_DEADLINE_MS} ms deadline, before Temporal may start the next attempt`);
  }

  const settings = { liveTradingEnabled, requestTimeoutMs };

  if (venue === 'sim') {
    const url = read(env, 'BROKER_URL') ?? SIM_DEFAULTS.url;
    const listed = accountList(env, 'BROKER_ACCOUNT_IDS', 'BROKER_ACCOUNT_ID') ?? [{ id: SIM_DEFAULTS.accountId, limits: {} }];
    const defaultToken = { variable: 'BROKER_TOKEN', value: read(env, 'BROKER_TOKEN') ?? SIM_DEFAULTS.token };
    return { venue, restUrl: url, streamUrl: url, ...withTokens(env, listed, defaultToken), ...settings };
  }
  if (venue === 'live' && !liveTradingEnabled) {
    throw new VenueConfigError('BROKER_VENUE=live trades real money and is refused: set LIVE_TRADING_ENABLED=true to allow it');
  }
  const listed = accountList(env, 'OANDA_ACCOUNT_IDS', 'OANDA_ACCOUNT_ID');
  const token = read(env, 'OANDA_API_KEY');
  if (!token && !listed?.every((account) => account.credential)) throw new VenueConfigError(`BROKER_VENUE=${venue} needs OANDA_API_KEY (an OANDA personal access token)`);
  if (!listed) throw new VenueConfigError(`BROKER_VENUE=${venue} needs OANDA_ACCOUNT_ID (e.g. 101-001-1234567-001), OANDA_ACCOUNT_IDS or BROKER_ACCOUNTS`);
  return { venue, ...OANDA_HOSTS[venue], ...withTokens(env, listed, { variable: 'OANDA_API_KEY', value: token }), ...settings };
}

function accountList(env: VenueEnvironment, idsVariable: string, idVariable: string): ConfiguredAccount[] | undefined {
  try {
    return configuredAccounts(env, idsVariable, idVariable);
  } catch (error) {
    throw new VenueConfigError((error as Error).message);
  }
}

/** Reads each account's token from the variable it names, or the venue's own; a named variable that is unset is an error. */
function withTokens(env: VenueEnvironment, listed: ConfiguredAccount[], venueToken: { variable: string; value: string | undefined }): Pick<VenueConfig, 'accounts' | 'accountId' | 'token'> {
  const accounts = listed.map((account): VenueAccount => {
    const credential = account.credential ?? venueToken.variable;
    const token = account.credential ? read(env, account.credential) : venueToken.value;
    if (!token) throw new VenueConfigError(`account ${account.id} takes its token from ${credential}, which is not set`);
    return { id: account.id, ...(account.alias ? { alias: account.alias } : {}), credential, token, limits: account.limits };
  });
  return { accounts, accountId: accounts[0]!.id, token: accounts[0]!.token };
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
