/**
 * Risk across every account of a deployment: the day's P/L of all accounts together, the net exposure to each
 * currency summed over accounts, and the concentration of accounts whose P/L moves together, which count as one.
 */
import { currencies, type InstrumentName } from '../market';
import { sampleCorrelation } from '../math/statistics';

/** The system breakers' observations, each compared with its threshold as the account breakers' are. */
export interface SystemRiskObservations {
  /** The day's loss of all accounts together (USD, positive when losing). */
  system_daily_loss: number;
  /** The largest net exposure to one currency other than USD, summed over accounts, as a fraction of their NAV. */
  currency_exposure: number;
  /** The largest position in one instrument of a group of correlated accounts, as a fraction of the group's NAV. */
  correlated_concentration: number;
}

export interface AccountRiskReading {
  accountId: string;
  navUsd: number;
  dailyPnlUsd: number;
  /** Signed USD value of each position. */
  exposuresUsd: Partial<Record<InstrumentName, number>>;
}

export interface SystemRiskInputs {
  readings: readonly AccountRiskReading[];
  /**
   * Each account's NAV at the end of recent intervals, by interval number (consecutive numbers are consecutive
   * intervals): two accounts are compared on the P/L of the intervals both have with the one before.
   */
  navByInterval: Readonly<Record<string, ReadonlyMap<number, number>>>;
  /** Accounts whose P/L changes correlate at or above this count as one for concentration. */
  correlationLimit: number;
  /** Fewer common intervals than this and two accounts are not judged correlated. */
  minCommonIntervals: number;
}

export interface SystemRiskFigures {
  accounts: string[];
  navUsd: number;
  dailyPnlUsd: number;
  /** Net exposure per currency (USD value, signed), summed over accounts; USD, the measuring currency, left out. */
  currencyExposuresUsd: Record<string, number>;
  /** Pairs of accounts and their P/L correlation, where enough intervals were common. */
  correlations: Array<{ accounts: [string, string]; correlation: number; intervals: number }>;
  /** Groups of two or more accounts linked by correlations at or above the limit. */
  correlatedGroups: string[][];
  observations: SystemRiskObservations;
}

const HOME_CURRENCY = 'USD';

export function systemRiskFigures(inputs: SystemRiskInputs): SystemRiskFigures {
  const { readings } = inputs;
  const navUsd = readings.reduce((total, reading) => total + reading.navUsd, 0);
  const dailyPnlUsd = readings.reduce((total, reading) => total + reading.dailyPnlUsd, 0);
  const currencyExposuresUsd = netCurrencyExposures(readings);
  const largestCurrency = Object.values(currencyExposuresUsd).reduce((largest, usd) => Math.max(largest, Math.abs(usd)), 0);
  const correlations = pairCorrelations(readings.map((reading) => reading.accountId), inputs);
  const correlatedGroups = groupsOf(readings.map((reading) => reading.accountId), correlations.filter((pair) => pair.correlation >= inputs.correlationLimit));
  const byId = new Map(readings.map((reading) => [reading.accountId, reading]));
  const correlatedConcentration = correlatedGroups.reduce((largest, group) => Math.max(largest, concentration(group.map((id) => byId.get(id)!))), 0);
  return {
    accounts: readings.map((reading) => reading.accountId),
    navUsd,
    dailyPnlUsd,
    currencyExposuresUsd,
    correlations,
    correlatedGroups,
    observations: {
      system_daily_loss: Math.max(0, -dailyPnlUsd),
      currency_exposure: navUsd > 0 ? largestCurrency / navUsd : 0,
      correlated_concentration: correlatedConcentration,
    },
  };
}

/** A long position in BASE_QUOTE is long the base currency and short the quote currency by the same USD value. */
function netCurrencyExposures(readings: readonly AccountRiskReading[]): Record<string, number> {
  const exposures: Record<string, number> = {};
  for (const reading of readings) {
    for (const [instrument, usd] of Object.entries(reading.exposuresUsd)) {
      if (!usd) continue;
      const { base, quote } = currencies(instrument);
      exposures[base] = (exposures[base] ?? 0) + usd;
      exposures[quote] = (exposures[quote] ?? 0) - usd;
    }
  }
  delete exposures[HOME_CURRENCY];
  return exposures;
}

function pairCorrelations(accountIds: readonly string[], inputs: SystemRiskInputs): SystemRiskFigures['correlations'] {
  const pairs: SystemRiskFigures['correlations'] = [];
  for (let i = 0; i < accountIds.length; i++) {
    for (let j = i + 1; j < accountIds.length; j++) {
      const [a, b] = commonPnl(inputs.navByInterval[accountIds[i]!], inputs.navByInterval[accountIds[j]!]);
      if (a.length < Math.max(2, inputs.minCommonIntervals)) continue;
      pairs.push({ accounts: [accountIds[i]!, accountIds[j]!], correlation: sampleCorrelation(a, b), intervals: a.length });
    }
  }
  return pairs;
}

/** The two accounts' P/L over every interval both have NAV for, at its end and at the end of the one before. */
function commonPnl(a: ReadonlyMap<number, number> | undefined, b: ReadonlyMap<number, number> | undefined): [number[], number[]] {
  const pnlA: number[] = [];
  const pnlB: number[] = [];
  if (!a || !b) return [pnlA, pnlB];
  for (const [interval, navA] of [...a].sort(([x], [y]) => x - y)) {
    const [beforeA, navB, beforeB] = [a.get(interval - 1), b.get(interval), b.get(interval - 1)];
    if (beforeA === undefined || navB === undefined || beforeB === undefined) continue;
    pnlA.push(navA - beforeA);
    pnlB.push(navB - beforeB);
  }
  return [pnlA, pnlB];
}

/** Accounts joined by any chain of correlated pairs form one group; groups of one are left out. */
function groupsOf(accountIds: readonly string[], linked: SystemRiskFigures['correlations']): string[][] {
  const parent = new Map(accountIds.map((id) => [id, id]));
  const root = (id: string): string => {
    let current = id;
    while (parent.get(current) !== current) current = parent.get(current)!;
    return current;
  };
  for (const { accounts: [a, b] } of linked) parent.set(root(a), root(b));
  const groups = new Map<string, string[]>();
  for (const id of accountIds) groups.set(root(id), [...(groups.get(root(id)) ?? []), id]);
  return [...groups.values()].filter((group) => group.length > 1);
}

/** The group's largest net position in one instrument as a fraction of the group's NAV. */
function concentration(group: readonly AccountRiskReading[]): number {
  const navUsd = group.reduce((total, reading) => total + reading.navUsd, 0);
  const byInstrument: Record<string, number> = {};
  for (const reading of group) {
    for (const [instrument, usd] of Object.entries(reading.exposuresUsd)) byInstrument[instrument] = (byInstrument[instrument] ?? 0) + (usd ?? 0);
  }
  const largest = Object.values(byInstrument).reduce((max, usd) => Math.max(max, Math.abs(usd)), 0);
  return navUsd > 0 ? largest / navUsd : 0;
}
