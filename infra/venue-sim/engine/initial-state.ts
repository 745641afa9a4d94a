import * as format from '../wire/format';
import type { AccountRecord, SimState } from './account-state';
import { isConvertibleCurrency } from './conversion';
import { TransactionBatch } from './transactions';

export interface AccountSeed {
  id: string;
  /** The home currency, in which the account keeps its balance and books P/L and financing; default USD. */
  currency?: string;
  /** In the home currency. */
  balance: number;
  alias?: string;
}

/** Two USD accounts and a EUR one, as a team with a European desk might hold them. */
export const DEFAULT_ACCOUNTS: AccountSeed[] = [
  { id: '101-001-0000001-001', balance: 100_000 },
  { id: '101-001-0000001-002', balance: 100_000 },
  { id: '101-001-0000001-003', currency: 'EUR', balance: 100_000 },
];

/** Fresh accounts, each opened with a CREATE and funded with a TRANSFER_FUNDS transaction as OANDA records them. */
export function createInitialState(seed: number, historyStartMs: number, accounts: AccountSeed[], nowMs: number): SimState {
  return { version: 1, seed, historyStartMs, accounts: accounts.map((a) => openAccount(a, nowMs)) };
}

function openAccount(seed: AccountSeed, nowMs: number): AccountRecord {
  const [siteID, divisionID, accountUserID, accountNumber] = seed.id.split('-').map(Number);
  const currency = seed.currency ?? 'USD';
  if (!isConvertibleCurrency(currency)) throw new Error(`account ${seed.id}: the simulator has no USD pair for home currency ${currency}`);
  const account: AccountRecord = {
    id: seed.id,
    alias: seed.alias ?? `Simulated ${seed.id}`,
    currency,
    createdTimeMs: nowMs,
    balanceHome: 0,
    plHome: 0,
    financingHome: 0,
    lastTransactionId: 0,
    transactions: [],
    orders: [],
    trades: [],
    positionTotals: {},
    evaluatedUntilMs: nowMs,
  };
  const batch = new TransactionBatch(account, nowMs, 'sim-account-setup');
  batch.add('CREATE', { divisionID, siteID, accountUserID, accountNumber, homeCurrency: account.currency });
  account.balanceHome = seed.balance;
  batch.add('TRANSFER_FUNDS', { amount: format.money(seed.balance), fundingReason: 'CLIENT_FUNDING', accountBalance: format.money(seed.balance) });
  return account;
}
