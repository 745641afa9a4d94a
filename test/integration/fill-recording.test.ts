import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { asc, eq } from 'drizzle-orm';
import { createFillRecordingActivities, type RecordedFills, type RecordFillsInput } from '../../activities/broker/fill-recording-activities';
import type { BrokerTransaction, OrderRequest } from '../../domain/broker';
import { fillRow, upsertFills } from '../../infra/db/queries/fills';
import { fills } from '../../infra/db/schema';
import { tradeRecorder } from '../helpers/recorded-trades';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(60_000);

/** Three transactions a page: a few orders already span pages, and 20 pages are soon reached. */
const PAGE_SIZE = 3;
/** The tests place orders back to back (about four requests each); OANDA's 100 a second is not what they are about. */
const RATE_LIMIT_PER_SECOND = 10_000;

/** recordAccountFills against the simulator through the real adapter and real Postgres. */
describe('recording the account fills from the broker transaction log', () => {
  const venue = useSimulatorWithDatabase('fill_recording', 12, { transactionsPageSize: PAGE_SIZE, rateLimitPerSecond: RATE_LIMIT_PER_SECOND });
  const activities = () => createFillRecordingActivities({ database: venue.database, brokers: accountBrokers([venue.broker]) });
  const record = (input: RecordFillsInput, heartbeatDetails?: unknown): Promise<RecordedFills> =>
    new MockActivityEnvironment({ heartbeatDetails }).run(() => activities().recordAccountFills(input));
  const recordStart = async (): Promise<string> => (await activities().fillRecordStart({ accountId: SIM_ACCOUNT_ID })).transactionId;
  const market = async (clientOrderId: string, units: number) => {
    const request: OrderRequest = { type: 'MARKET', clientOrderId, instrument: 'EUR_USD', units };
    return venue.broker.placeOrder(request, { lastKnownTransactionId: (await venue.broker.accountSummary()).lastTransactionId });
  };
  const venueLastId = async () => (await venue.broker.accountSummary()).lastTransactionId;
  const venueTransactionsSince = async (transactionId: string): Promise<BrokerTransaction[]> => {
    const { transactions, lastTransactionId } = await venue.broker.transactionsSince(transactionId);
    const last = transactions.at(-1)?.transactionId;
    return last === undefined || last === lastTransactionId ? transactions : [...transactions, ...await venueTransactionsSince(last)];
  };
  const recordedFills = () => venue.database.db.select().from(fills).where(eq(fills.accountId, SIM_ACCOUNT_ID)).orderBy(asc(fills.id));

  it('records every fill once, with the trade it opened and the trades it closed, and who placed it', async () => {
    // Nothing recorded yet: the record starts at the broker's present.
    const start = await recordStart();
    expect(start).toBe(await venueLastId());

    const { order } = tradeRecorder(venue.database.db);
    await order('wf-open', 'ma-crossover', 1, { source: 'workflow' });
    await order('wf-reverse', 'ma-crossover', 1, { source: 'hot_path' });
    const opened = await market('wf-open', 10_000);
    await market('unknown-reduce', -4_000);
    const reversed = await market('wf-reverse', -10_000);
    const closed = await venue.broker.closePosition({ instrument: 'EUR_USD', shortUnits: 'ALL' });

    const first = await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start });
    expect(first).toEqual({ throughTransactionId: await venueLastId(), recorded: 4 });
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

    // Again from the same point, or from where the record now starts (the last recorded fill): nothing twice.
    expect(await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start })).toEqual({ ...first, recorded: 0 });
    expect(await recordStart()).toBe(rows[3]!.transactionId);
    expect(await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: rows[3]!.transactionId })).toEqual({ ...first, recorded: 0 });
    expect(await recordedFills()).toHaveLength(4);
  });

  it('stops after 20 pages and carries on from there; a retry resumes after the last page it wrote', async () => {
    const start = await venueLastId();
    // Each order is two transactions (create and fill): 40 orders need 27 pages of three.
    for (let i = 0; i < 40; i++) await market(`paged-${i}`, i % 2 === 0 ? 1_000 : -1_000);
    const first = await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start });
    expect(Number(first.throughTransactionId) - Number(start)).toBe(20 * PAGE_SIZE);
    expect(first.recorded).toBe(30);
    const rest = await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: first.throughTransactionId });
    expect(rest).toEqual({ throughTransactionId: await venueLastId(), recorded: 10 });

    // A retry whose first attempt heartbeat its place starts there, not at the input's transaction.
    const retried = await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start }, { cursor: rest.throughTransactionId });
    expect(retried).toEqual({ throughTransactionId: rest.throughTransactionId, recorded: 0 });
  });

  it('completes a row another writer recorded without its trades, and never duplicates it', async () => {
    const start = await venueLastId();
    const opened = await market('repair-open', 2_000);
    const closing = await market('repair-close', -2_000);
    const [closingFill] = (await venueTransactionsSince(start)).filter((t) => t.type === 'ORDER_FILL' && t.clientOrderId === 'repair-close');
    // As a hot path from before trades were recorded wrote it.
    await venue.database.db.insert(fills).values({
      accountId: SIM_ACCOUNT_ID, transactionId: closingFill!.transactionId, clientOrderId: 'repair-close', instrument: 'EUR_USD', units: -2_000,
      priceQuote: closing.fillPriceQuote!, realizedPl: closingFill!.realizedPl, filledAt: new Date(closingFill!.timeMs), source: 'venue',
    });
    const { order } = tradeRecorder(venue.database.db);
    await order('repair-close', 'ma-crossover', 1, { source: 'hot_path' });

    expect(await record({ accountId: SIM_ACCOUNT_ID, afterTransactionId: start })).toMatchObject({ recorded: 1 });
    const repaired = (await recordedFills()).filter((row) => row.transactionId === closingFill!.transactionId);
    expect(repaired).toEqual([expect.objectContaining({ source: 'hot_path', tradesClosed: [{ tradeId: opened.tradeOpenedId, units: -2_000, realizedPl: closingFill!.realizedPl }] })]);
  });

  it('keeps what each copy knows when one batch holds the same fill twice, new or already recorded', async () => {
    const start = await venueLastId();
    await market('twice-open', 1_000);
    const [fill] = (await venueTransactionsSince(start)).filter((t) => t.type === 'ORDER_FILL' && t.clientOrderId === 'twice-open');
    const bare = fillRow(SIM_ACCOUNT_ID, { ...fill!, tradeOpenedId: undefined }, 'venue')!;
    const known = fillRow(SIM_ACCOUNT_ID, fill!, 'hot_path')!;
    const stored = async () => (await recordedFills()).filter((row) => row.transactionId === fill!.transactionId);

    expect(await upsertFills(venue.database.db, [bare, known])).toBe(1);
    expect(await stored()).toEqual([expect.objectContaining({ source: 'hot_path', tradeOpenedId: fill!.tradeOpenedId })]);
    // Recorded already: the same pair again changes nothing and fails nothing.
    expect(await upsertFills(venue.database.db, [known, bare])).toBe(0);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses an account the worker does not serve, without retrying', async () => {
    const refused = await record({ accountId: '101-001-9999999-001', afterTransactionId: '1' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: 'UNKNOWN_ACCOUNT', nonRetryable: true });
  });
});
