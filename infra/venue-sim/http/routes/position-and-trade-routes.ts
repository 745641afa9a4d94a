import { simInstrument } from '../../market/instruments';
import { modifyTradeClientExtensions } from '../../engine/modify-commands';
import { closePosition, closeTrade, findTrade } from '../../engine/order-commands';
import { setTradeOrders } from '../../engine/trade-orders';
import { openTrades } from '../../engine/valuation';
import { apiError, ok } from '../../wire/api-result';
import { positionInstruments, renderPosition, renderTrade } from '../../wire/render-account';
import { lastTransactionId, listCount, route, withAccount, type Route } from './route';

export const POSITION_AND_TRADE_ROUTES: Route[] = [
  route('GET', '/v3/accounts/{accountID}/positions', withAccount(404, (venue, account) => {
    const nowMs = venue.advance();
    return ok({ positions: positionInstruments(account).map((i) => renderPosition(venue.path, account, i, nowMs)), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/openPositions', withAccount(404, (venue, account) => {
    const nowMs = venue.advance();
    const open = [...new Set(openTrades(account).map((t) => t.instrument))];
    return ok({ positions: open.map((i) => renderPosition(venue.path, account, i, nowMs)), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/positions/{instrument}', withAccount(404, (venue, account, { params }) => {
    if (!simInstrument(params.instrument!)) return apiError(404, `Instrument ${params.instrument} is not tradeable on this account`, 'INSTRUMENT_UNKNOWN');
    const nowMs = venue.advance();
    return ok({ position: renderPosition(venue.path, account, params.instrument!, nowMs), lastTransactionID: lastTransactionId(account) });
  })),
  route('PUT', '/v3/accounts/{accountID}/positions/{instrument}/close', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => closePosition(ctx, account, params.instrument!, body)))),
  route('GET', '/v3/accounts/{accountID}/trades', withAccount(404, (venue, account, { query }) => {
    const nowMs = venue.advance();
    const state = query.get('state') ?? 'OPEN';
    const ids = query.get('ids')?.split(',');
    const instrument = query.get('instrument');
    const beforeId = query.get('beforeID');
    const selected = account.trades
      .filter((t) => state === 'ALL' || (state === 'OPEN') === (t.currentUnits !== 0))
      .filter((t) => !ids || ids.includes(String(t.id)))
      .filter((t) => !instrument || t.instrument === instrument)
      .filter((t) => !beforeId || t.id < Number(beforeId));
    const trades = [...selected].sort((a, b) => b.id - a.id).slice(0, listCount(query, 50)).map((t) => renderTrade(venue.path, account, t, nowMs, 'full'));
    return ok({ trades, lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/openTrades', withAccount(404, (venue, account) => {
    const nowMs = venue.advance();
    const trades = openTrades(account).sort((a, b) => b.id - a.id).map((t) => renderTrade(venue.path, account, t, nowMs, 'full'));
    return ok({ trades, lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/trades/{tradeSpecifier}', withAccount(404, (venue, account, { params }) => {
    const nowMs = venue.advance();
    const trade = findTrade(account, decodeURIComponent(params.tradeSpecifier!));
    if (!trade) return apiError(404, `The Trade specified does not exist (${decodeURIComponent(params.tradeSpecifier!)})`, 'TRADE_DOESNT_EXIST');
    return ok({ trade: renderTrade(venue.path, account, trade, nowMs, 'full'), lastTransactionID: lastTransactionId(account) });
  })),
  route('PUT', '/v3/accounts/{accountID}/trades/{tradeSpecifier}/close', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => closeTrade(ctx, account, decodeURIComponent(params.tradeSpecifier!), body)))),
  route('PUT', '/v3/accounts/{accountID}/trades/{tradeSpecifier}/orders', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => setTradeOrders(ctx, account, decodeURIComponent(params.tradeSpecifier!), body)))),
  route('PUT', '/v3/accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => modifyTradeClientExtensions(ctx, account, decodeURIComponent(params.tradeSpecifier!), body)))),
];
