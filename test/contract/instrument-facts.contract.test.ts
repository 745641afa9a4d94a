import { INSTRUMENTS } from '../../domain/market';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';

const TOKEN = 'facts-token';

/**
 * The product's instrument facts (domain/market.ts) against what the venue publishes at
 * GET /v3/accounts/{id}/instruments. The simulator keeps its own table, written from OANDA's documentation, so a
 * wrong pip size, precision, size limit or margin rate on either side fails here instead of being shared.
 */
describe('instrument facts: the product and the venue agree', () => {
  let sim: VenueSimulator;

  beforeAll(async () => {
    sim = await startVenueSimulator({ port: 0, tokens: [TOKEN], historyStartMs: Date.UTC(2025, 0, 1) });
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('for every instrument the product trades', async () => {
    const response = await fetch(`${sim.url}/v3/accounts/${SIM_ACCOUNT_ID}/instruments`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const { instruments } = await response.json() as { instruments: Array<Record<string, string | number>> };
    const published = new Map(instruments.map((instrument) => [instrument.name, instrument]));
    for (const spec of Object.values(INSTRUMENTS)) {
      const venue = published.get(spec.name);
      expect({ name: spec.name, venue: venue === undefined ? 'missing' : 'published' }).toEqual({ name: spec.name, venue: 'published' });
      expect({
        name: spec.name, type: venue!.type, pipLocation: venue!.pipLocation, displayPrecision: venue!.displayPrecision, tradeUnitsPrecision: venue!.tradeUnitsPrecision,
        minimumTradeSize: Number(venue!.minimumTradeSize), maximumOrderUnits: Number(venue!.maximumOrderUnits), marginRate: Number(venue!.marginRate),
      }).toEqual({
        name: spec.name, type: spec.type, pipLocation: spec.pipLocation, displayPrecision: spec.displayPrecision, tradeUnitsPrecision: spec.tradeUnitsPrecision,
        minimumTradeSize: spec.minimumTradeSize, maximumOrderUnits: spec.maximumOrderUnits, marginRate: spec.marginRate,
      });
    }
  });
});
