import { completePeriodsEnd, liveRecord, type LiveRecord, type Objective } from '../../domain/research';
import type { DatabaseHandle } from '../../infra/db/client';
import { accountCapitalAt, type AccountCapital } from '../../infra/db/queries/account-capital';
import { versionTrades } from '../../infra/db/queries/version-trades';

export interface LiveRecordActivityDeps {
  database: DatabaseHandle;
}

export interface LiveRecordRequest {
  strategy: string;
  version: number;
  /** From the version's activation to now; the record covers the complete periods in between. */
  fromMs: number;
  toMs: number;
  periodMs: number;
  objective: Objective;
}

export interface VersionLiveRecord extends LiveRecord {
  version: number;
  fromMs: number;
  /** Where the record's complete periods end. */
  toMs: number;
  /** The accounts the version traded, with what each return is measured against (null: unknown, so no returns). */
  accounts: Array<{ accountId: string; tradesOpened: number; capital: AccountCapital | null }>;
}

export type LiveRecordActivities = ReturnType<typeof createLiveRecordActivities>;

export function createLiveRecordActivities({ database }: LiveRecordActivityDeps) {
  return {
    /**
     * How the version did with paper or live money since it went live: the trades its orders opened, the P/L their
     * closes realized, as returns on the accounts' capital when the record began. Reads Postgres only: orders, and
     * the fills that the risk monitor and the hot path record from the broker's transaction log.
     */
    async analyzeLiveRecord(request: LiveRecordRequest): Promise<VersionLiveRecord> {
      const toMs = completePeriodsEnd(request.fromMs, request.toMs, request.periodMs);
      const { tradesOpenedByAccount, closes } = await versionTrades(database.db, { strategy: request.strategy, version: request.version, sinceMs: request.fromMs, untilMs: toMs });
      const accounts = await Promise.all(Object.entries(tradesOpenedByAccount).map(async ([accountId, tradesOpened]) => ({
        accountId, tradesOpened, capital: (await accountCapitalAt(database.db, accountId, request.fromMs)) ?? null,
      })));
      const capitalKnown = accounts.length > 0 && accounts.every((account) => account.capital !== null);
      const record = liveRecord({
        closes,
        tradesOpened: accounts.reduce((sum, account) => sum + account.tradesOpened, 0),
        fromMs: request.fromMs,
        toMs,
        periodMs: request.periodMs,
        ...(capitalKnown && { capital: accounts.reduce((sum, account) => sum + account.capital!.amount, 0) }),
        objective: request.objective,
      });
      return { ...record, version: request.version, fromMs: request.fromMs, toMs, accounts };
    },
  };
}
