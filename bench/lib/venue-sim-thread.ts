/**
 * The venue simulator on a thread of its own, so the benchmark's client and the venue do not share an event loop
 * (on the 2-core machine they then run on separate cores, as two processes would). Posts its URL once listening.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startVenueSimulator } from '../../infra/venue-sim';

export interface VenueSimThreadOptions {
  seed: number;
  /** The simulator's clock runs this many times faster than the wall clock, so bars complete quickly. */
  speed: number;
  streamPricesPerSecond: number;
}

async function main(): Promise<void> {
  const { seed, speed, streamPricesPerSecond } = workerData as VenueSimThreadOptions;
  const startedMs = Date.now();
  const simulator = await startVenueSimulator({ port: 0, seed, streamPricesPerSecond, clock: () => startedMs + (Date.now() - startedMs) * speed });
  parentPort!.on('message', (message) => {
    if (message === 'close') void simulator.close().then(() => process.exit(0));
  });
  parentPort!.postMessage(simulator.url);
}

void main();
