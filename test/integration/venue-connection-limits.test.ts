import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { waitFor } from '../../infra/async/wait-for';
import { BrokerError } from '../../domain/broker';
import { createBroker } from '../../infra/broker/create-broker';
import { loadConfig } from '../../infra/config';
import { postgresConnectionBudget } from '../../infra/broker/rest-call-budget';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { useTradingDatabase } from '../helpers/trading-database';

const ACCOUNT = '101-001-0000001-001';

/** One request on a connection of its own (no keep-alive pool), answered with its status and error message. */
function onNewConnection(sim: VenueSimulator, path: string): Promise<{ status: number; message?: string; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${sim.url}${path}`, { agent: new Agent({ keepAlive: false }), headers: { Authorization: 'Bearer sim-token' } }, (response) => {
      if (response.statusCode === 200 && path.includes('/stream')) return resolve({ status: 200, response });
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode!, message: (JSON.parse(text) as { errorMessage?: string }).errorMessage, response }));
    });
    request.on('error', reject);
    request.end();
  });
}

/**
 * OANDA's connection limits on the simulator (new connections per second per client, open streams per token), and
 * the adapter living within them: its connections paced by the shared budget, its stream reconnecting into the slot
 * its dropped stream freed.
 */
describe('venue connection limits', () => {
  const context = useTradingDatabase('connection_limits');

  it('refuses requests on connections opened beyond the rate, and the adapter paced by its budget is never refused', async () => {
    // The simulator counts every connection from this address: the paced adapter gets a simulator of its own. Its
    // budget is half the venue's rate, leaving room for the time between a connection's admission and its arrival.
    const [sim, pacedSim] = await Promise.all([5, 6].map((seed) => startVenueSimulator({ port: 0, seed, connectionLimits: { newConnectionsPerSecond: 2 } })));
    const config = (url: string) => ({ ...loadConfig({ BROKER_URL: url }).broker, accountId: ACCOUNT });
    const unpaced = createBroker(config(sim!.url), { maxConnectionsPerHost: 12 });
    const paced = createBroker(config(pacedSim!.url), { maxConnectionsPerHost: 3, connectionBudget: (host) => postgresConnectionBudget({ db: context.database.db, host, connectionsPerSecond: 1 }) });
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => onNewConnection(sim!, `/v3/accounts/${ACCOUNT}/summary`)));
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.message).toContain('Too many new connections: at most 2 per second');

      // Twelve calls at once: unpaced, the adapter opens a connection for each and some are refused...
      const unpacedOutcomes = await Promise.allSettled(Array.from({ length: 12 }, () => unpaced.accountSummary()));
      const rateLimited = unpacedOutcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof BrokerError && outcome.reason.code === 'RATE_LIMITED');
      expect(rateLimited.length).toBeGreaterThan(0);
      // ...paced, it waits for each new connection's turn and every call is answered.
      const pacedOutcomes = await Promise.allSettled(Array.from({ length: 12 }, () => paced.accountSummary()));
      expect(pacedOutcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    } finally {
      unpaced.close();
      paced.close();
      await Promise.all([sim!.close(), pacedSim!.close()]);
    }
  });

  it('refuses a stream beyond the token\'s open streams, and the adapter\'s stream reconnects into the slot a drop frees', async () => {
    const sim = await startVenueSimulator({ port: 0, seed: 6, heartbeatMs: 100, connectionLimits: { maxStreams: 2 } });
    const broker = createBroker({ ...loadConfig({ BROKER_URL: sim.url }).broker, accountId: ACCOUNT });
    const abort = new AbortController();
    const open: IncomingMessage[] = [];
    try {
      const streamPath = `/v3/accounts/${ACCOUNT}/pricing/stream?instruments=EUR_USD`;
      open.push((await onNewConnection(sim, streamPath)).response);
      const events: string[] = [];
      const consuming = (async () => {
        for await (const event of broker.streamPrices(['EUR_USD'], { signal: abort.signal })) events.push(event.type);
      })();
      await waitFor('the adapter\'s stream answering', async () => (events.includes('heartbeat') ? true : undefined), 30_000, 50);
      const third = await onNewConnection(sim, streamPath);
      expect({ status: third.status, message: third.message }).toEqual({ status: 429, message: 'Too many open streams: at most 2 per token' });

      sim.faults.dropStreams();
      await waitFor('the adapter\'s stream back after the drop', async () => {
        const sinceReconnect = events.slice(events.lastIndexOf('reconnect') + 1);
        return events.includes('reconnect') && sinceReconnect.includes('heartbeat') ? true : undefined;
      }, 60_000, 50);
      const reopened = await onNewConnection(sim, streamPath);
      expect(reopened.status).toBe(200);
      open.push(reopened.response);
      abort.abort();
      await consuming;
    } finally {
      abort.abort();
      open.forEach((response) => response.destroy());
      broker.close();
      await sim.close();
    }
  });
});
