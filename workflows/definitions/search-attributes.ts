import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * The custom search attributes the trading workflows set, so runs can be filtered in the Temporal Web UI
 * (e.g. `TradeOutcome = "executed" AND TradeInstruments = "EUR_USD"`). Every server the workflows run on must
 * register exactly this map: the dev-server launcher takes it as `searchAttributes`.
 */
export const TRADE_SEARCH_ATTRIBUTES = {
  TradeInstruments: 'KeywordList',
  TradeStrategy: 'Keyword',
  TradeOutcome: 'Keyword',
} as const;

export const tradeInstrumentsKey = defineSearchAttributeKey('TradeInstruments', 'KEYWORD_LIST');
export const tradeStrategyKey = defineSearchAttributeKey('TradeStrategy', 'KEYWORD');
export const tradeOutcomeKey = defineSearchAttributeKey('TradeOutcome', 'KEYWORD');
