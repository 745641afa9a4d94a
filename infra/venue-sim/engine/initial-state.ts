import * as format from '../wire/format';
import type { AccountRecord, SimState } from './account-state';
import { TransactionBatch } from './transactions';

export interface AccountSeed {
  id: string;
  currency?: 'USD';
  balance: number;
  alias?: string;
}

export const DEFAULT_ACCOUNTS: AccountSeed[] = [1, 2, 3].map((n) => ({ id: `101-001-0000001-00${n}`, balance: 100_000 }));

/** Fresh accounts, each opened with a CREATE and funded with a TRANSFER_FUNDS transaction as OANDA records them. */
export function createInitialState(seed: number, historyStartMs: number, accounts: AccountSeed[], nowMs: number): SimState {
  return { version: 1, seed, historyStartMs, accounts: accounts.map((a) => openAccount(a, nowMs)) };
}

function openAccount(seed: AccountSeed, nowMs: number): AccountRecord {
  const [siteID, divisionID, accountUserID, accountNumber] = seed.id.split('-').map(Number);
  const account: AccountRecord = {
    id: seed.id,
    alias: seed.alias ?? `Simulated ${seed.id}`,
    currency: seed.currency ?? 'USD',
    createdTimeMs: nowMs,
    balanceUsd: 0,
    plUsd: 0,
    financingUsd: 0,
    lastTransactionId: 0,
    transactions: [],
    orders: [],
    trades: [],
    positionTotals: {},
    evaluatedUntilMs: nowMs,
  };
  const batch = new TransactionBatch(account, nowMs, 'sim-account-setup');
  batch.add('CREATE', { divisionID, siteID, accountUserID, accountNumber, homeCurrency: account.currency });
  account.balanceUsd = seed.balance;
  batch.add('TRANSFER_FUNDS', { amount: format.money(seed.balance), fundingReason: 'CLIENT_FUNDING', accountBalance: format.money(seed.balance) });
  return account;
}
