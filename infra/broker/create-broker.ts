/** Builds the Broker for a resolved venue. Every venue gets the same OANDA adapter; only hosts and tokens differ. */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { HttpTransport } from './oanda/http-transport';
import type { PlacementTiming } from './oanda/idempotent-placement';
import { OandaBroker } from './oanda/oanda-broker';
import type { StreamPacing } from './oanda/reconnecting-price-stream';
import { V20Api } from './oanda/v20-api';
import type { ConnectionBudget, RestCallBudget } from './rest-call-budget';
import { UsdMeasuredBroker } from './usd-measured-broker';
import type { VenueConfig } from './venue-config';

const realPacing: StreamPacing = {
  async sleep(delayMs, signal) {
    await sleepFor(delayMs, undefined, { signal }).catch(() => undefined);
  },
  random01: Math.random,
};

export interface BrokerOptions {
  /** The account's REST budget shared by every process (the workers and the hot path pass theirs); absent = unmetered. */
  restBudget?: RestCallBudget;
  /** New connections per host, shared by every process (OANDA counts them per client); absent = opened at once. */
  connectionBudget?: (host: string) => ConnectionBudget;
  /** Connections kept per host by this process. */
  maxConnectionsPerHost?: number;
  /** For tests that want reconnects without real waiting or with a seeded jitter. */
  pacing?: StreamPacing;
  /** For tests that want a placement's deadline to pass sooner than production's. */
  placementTiming?: Partial<Omit<PlacementTiming, 'sleep'>>;
}

export function createBroker(config: VenueConfig, options: BrokerOptions = {}): OandaBroker {
  const timeoutMs = config.requestTimeoutMs;
  const connectionsTo = (url: string) => ({ connections: options.connectionBudget?.(new URL(url).host), maxConnections: options.maxConnectionsPerHost });
  const rest = new HttpTransport({ baseUrl: config.restUrl, token: config.token, timeoutMs }, { rest: options.restBudget, ...connectionsTo(config.restUrl) });
  const streaming = config.streamUrl === config.restUrl ? rest : new HttpTransport({ baseUrl: config.streamUrl, token: config.token, timeoutMs }, connectionsTo(config.streamUrl));
  return new OandaBroker(new V20Api(rest, streaming, config.accountId), options.pacing ?? realPacing, options.placementTiming);
}

/** The broker the product trades an account through: the adapter, with every amount in USD whatever the account's home currency. */
export function createTradingBroker(config: VenueConfig, options: BrokerOptions = {}): UsdMeasuredBroker {
  return new UsdMeasuredBroker(createBroker(config, options));
}
