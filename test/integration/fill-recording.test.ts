import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { asc, eq } from 'drizzle-orm';
import { createFillRecordingActivities, type RecordedFills, type RecordFillsInput } from '../../activities/broker/fill-recording-activities';
import type { OrderRequest } from '../../domain/broker';
import { fills } from '../../infra/db/schema';
import { tradeRecorder } from '../helpers/recorded-trades';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';

jest.setTimeout(60_000);

/** recordAccountFills against the simulator through the real adapter and real Postgres. */
describe('recording the account fills from the broker transaction log', () => {
  const venue = useSimulatorWithDatabase('fill_recording', 12);
  const record = (input: RecordFillsInput): Promise<RecordedFills> =>
    new MockActivityEnvironment().run(() => createFillRecordingActivities({ database: venue.database, broker: venue.broker }).recordAccountFills(input));
  const market = async (clientOrderId: string, units: number) => {
    const request: OrderRequest = { type: 'MARKET', clientOrderId, instrument: 'EUR_USD', units };
    return venue.broker.placeOrder(request, { lastKnownTransactionId: (await venue.broker.accountSummary()).lastTransactionId });
  };
  const recordedFills = () => venue.database.db.select().from(fills).where(eq(fills.accountId, SIM_ACCOUNT_ID)).orderBy(asc(fills.id));

  it('records every fill once, with the trade it opened and the trades it closed, and who placed it', async () => {
    const start = await record({ accountId: SIM_ACCOUNT_ID });
    // Nothing recorded before: it starts from the broker's present.
    expect(start).toEqual({ throughTransactionId: (await venue.broker.accountSummary()).lastTransactionId, recorded: 0 });

    const { order } = tradeRecorder(venue.database.db);
    await order('wf-open', 'ma-crossover', 1, { source: 'workflow' });
    await order('wf-reverse', 'ma-crossover', 1, { source: 'hot_path' });
    const opened = await market('wf-open', 10_000);
    await market('unknown-reduce', -4_000);
    const reversed = await market('wf-reverse', -10_000);
    const closed = await venue.broker.closePosition({ instrument: 'EUR_USD', shortUnits: 'ALL' });

    const first = await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start.throughTransactionId });
    expect(first).toEqual({ throughTransactionId: (await venue.broker.accountSummary()).lastTransactionId, recorded: 4 });
    const rows = await recordedFills();
    expect(rows.map((row) => [row.clientOrderId, row.units, row.source])).toEqual([
      ['wf-open', 10_000, 'workflow'], ['unknown-reduce', -4_000, 'venue'], ['wf-reverse', -10_000, 'hot_path'], [null, 4_000, 'venue'],
    ]);
    expect(rows[0]).toMatchObject({ tradeOpenedId: opened.tradeOpenedId, tradesClosed: [] });
    // The reduce takes 4 000 off the first trade; the reversal closes its last 6 000 and opens a short one.
    expect(rows[1]!.tradesClosed).toEqual([{ tradeId: opened.tradeOpenedId, units: -4_000, realizedPl: expect.any(Number) }]);
    expect(rows[2]!.tradesClosed).toEqual([{ tradeId: opened.tradeOpenedId, units: -6_000, realizedPl: expect.any(Number) }]);
    expect(rows[2]!.tradeOpenedId).toBe(reversed.tradeOpenedId);
    expect(rows[3]!.tradesClosed).toEqual([{ tradeId: reversed.tradeOpenedId, units: 4_000, realizedPl: expect.closeTo(closed.realizedPl, 4) }]);
    for (const row of rows) expect(row.realizedPl).toBeCloseTo(row.tradesClosed.reduce((sum, trade) => sum + trade.realizedPl, 0), 4);

    // Again from the same point, or from the last recorded fill: nothing twice.
    expect(await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start.throughTransactionId })).toEqual({ ...first, recorded: 0 });
    expect(await record({ accountId: SIM_ACCOUNT_ID })).toEqual({ ...first, recorded: 0 });
    expect(await recordedFills()).toHaveLength(4);
  });

  it('refuses an account the worker does not serve, without retrying', async () => {
    const refused = await record({ accountId: '101-001-9999999-001' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: 'UNKNOWN_ACCOUNT', nonRetryable: true });
  });
});
