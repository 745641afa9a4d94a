/**
 * The venues the Broker contract runs against: the in-process simulator (always) and OANDA practice (when
 * OANDA_API_KEY and OANDA_ACCOUNT_ID are set). Each target says which of the simulator's fault switches it has.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBroker } from '../../../infra/broker/create-broker';
import type { OandaBroker } from '../../../infra/broker/oanda/oanda-broker';
import { resolveVenueConfig } from '../../../infra/broker/venue-config';
import type { VenueConfig } from '../../../infra/broker/venue-config';
import { startVenueSimulator } from '../../../infra/venue-sim';
import type { VenueSimulator } from '../../../infra/venue-sim';

export interface BrokerTarget {
  broker: OandaBroker;
  /** A broker for the same venue and account whose token the venue rejects. */
  withToken(token: string): OandaBroker;
  /** Present only where the venue can be made to misbehave on purpose. */
  faults?: VenueSimulator['faults'];
  /** Present only where a venue with a tiny rate limit can be started: resolves to a broker for it and a closer. */
  rateLimited?: (requestsPerSecond: number) => Promise<{ broker: OandaBroker; close(): Promise<void> }>;
  /**
   * Present only where the venue's clock can be moved: a venue a minute before its weekly close, a broker for it,
   * and `closeMarket`, which moves its clock into the weekend.
   */
  beforeTheClose?: () => Promise<{ broker: OandaBroker; closeMarket(): void; close(): Promise<void> }>;
  close(): Promise<void>;
}

const SIM_TOKEN = 'sim-token';

/** Short timeouts so that a lost response fails in seconds rather than the production 10 s. */
const REQUEST_TIMEOUT_MS = 3000;

export async function simulatorTarget(): Promise<BrokerTarget> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'broker-contract-'));
  // The rate limit is raised so that a fast run never meets it by accident; the 429 case starts its own venue.
  const sim = await startVenueSimulator({
    port: 0, seed: 42, tokens: [SIM_TOKEN], stateFile: path.join(stateDir, 'state.json'), heartbeatMs: 100, rateLimitPerSecond: 10_000,
  });
  const config = simConfig(sim.url);
  const opened: OandaBroker[] = [];
  const open = (venueConfig: VenueConfig): OandaBroker => {
    const broker = createBroker(venueConfig);
    opened.push(broker);
    return broker;
  };
  return {
    broker: open(config),
    withToken: (token) => open({ ...config, token }),
    faults: sim.faults,
    rateLimited: async (requestsPerSecond) => {
      const limited = await startVenueSimulator({ port: 0, seed: 42, tokens: [SIM_TOKEN], rateLimitPerSecond: requestsPerSecond });
      const broker = createBroker(simConfig(limited.url));
      return { broker, close: async () => { broker.close(); await limited.close(); } };
    },
    beforeTheClose: async () => {
      // Friday 16 January 2026, 21:59 UTC: a minute before 17:00 New York.
      const weekly = await startVenueSimulator({ port: 0, seed: 42, tokens: [SIM_TOKEN], marketHours: 'oanda', virtualClock: { startMs: Date.UTC(2026, 0, 16, 21, 59) } });
      const broker = createBroker(simConfig(weekly.url));
      return { broker, closeMarket: () => void weekly.advanceClock(12 * 3_600_000), close: async () => { broker.close(); await weekly.close(); } };
    },
    async close() {
      for (const broker of opened) broker.close();
      await sim.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function simConfig(url: string): VenueConfig {
  return { ...resolveVenueConfig({ BROKER_VENUE: 'sim', BROKER_URL: url, BROKER_TOKEN: SIM_TOKEN }), requestTimeoutMs: REQUEST_TIMEOUT_MS };
}

/** The practice target, or the reason it cannot run (its credentials are not in the environment). */
export function practiceTarget(env: NodeJS.ProcessEnv = process.env): { skipReason: string } | { open(): Promise<BrokerTarget> } {
  const missing = ['OANDA_API_KEY', 'OANDA_ACCOUNT_ID'].filter((name) => !env[name]);
  if (missing.length > 0) return { skipReason: `${missing.join(' and ')} not set` };
  const config = resolveVenueConfig({ ...env, BROKER_VENUE: 'practice' });
  return {
    async open() {
      const opened = [createBroker(config)];
      return {
        broker: opened[0]!,
        withToken: (token) => {
          const broker = createBroker({ ...config, token });
          opened.push(broker);
          return broker;
        },
        async close() {
          for (const broker of opened) broker.close();
        },
      };
    },
  };
}
