import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';

const ACCOUNT = '101-001-0000001-001';
const KEEP = 30;

/** The parts of v20 answers this test reads. */
interface V20Body {
  orderCreateTransaction: { id: string };
  orderFillTransaction: { id: string; tradeOpened: { tradeID: string } };
  lastTransactionID: string;
  transactions: Array<{ id: string }>;
  order: { state: string };
  trade: { state: string };
  trades: Array<{ closingTransactionIDs: string[] }>;
}

/**
 * The simulator's state stays bounded over months of trading: compactions forget history beyond the newest
 * SIM_KEEP_TRANSACTIONS transactions, but never a pending order or an open trade, and ids keep counting on.
 */
describe('venue simulator history window', () => {
  let dir: string;
  let sim: VenueSimulator | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-history-'));
  });

  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () => startVenueSimulator({ port: 0, seed: 5, stateFile: path.join(dir, 'state.json'), keepTransactions: KEEP, compactEvery: 20 });
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${sim!.url}/v3/accounts/${ACCOUNT}${route}`, {
      method, headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as V20Body };
  };

  it('forgets old transactions and finished orders and trades, keeps what can still change, and counts ids on', async () => {
    sim = await start();
    const limit = await call('POST', '/orders', { order: { type: 'LIMIT', instrument: 'EUR_USD', units: '100', price: '0.5000', timeInForce: 'GTC' } });
    const pendingId = limit.body.orderCreateTransaction.id;
    const open = await call('POST', '/orders', { order: { type: 'MARKET', instrument: 'USD_JPY', units: '100' } });
    const openTradeId = open.body.orderFillTransaction.tradeOpened.tradeID;
    const firstFillId = open.body.orderFillTransaction.id;
    for (let n = 0; n < 40; n++) {
      const placed = await call('POST', '/orders', { order: { type: 'MARKET', instrument: 'EUR_USD', units: n % 2 === 0 ? '100' : '-100' } });
      expect(placed.status).toBe(201);
    }
    const { lastTransactionID } = (await call('GET', '/summary')).body;
    await sim.close();

    sim = await start();
    const page = await call('GET', '/transactions/sinceid?id=0');
    expect(page.body.transactions).toHaveLength(KEEP);
    expect(page.body.transactions.at(-1)!.id).toBe(lastTransactionID);
    expect(page.body.lastTransactionID).toBe(lastTransactionID);
    expect((await call('GET', `/transactions/${firstFillId}`)).status).toBe(404);
    expect((await call('GET', `/orders/${pendingId}`)).body.order.state).toBe('PENDING');
    expect((await call('GET', `/trades/${openTradeId}`)).body.trade.state).toBe('OPEN');
    const closed = (await call('GET', '/trades?state=CLOSED&count=500')).body.trades;
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.map((trade) => Number(trade.closingTransactionIDs.at(-1))).every((id) => id >= Number(page.body.transactions[0]!.id))).toBe(true);
    expect(closed.length).toBeLessThan(20);

    const next = await call('POST', '/orders', { order: { type: 'MARKET', instrument: 'EUR_USD', units: '100' } });
    expect(Number(next.body.orderCreateTransaction.id)).toBe(Number(lastTransactionID) + 1);
  });
});
