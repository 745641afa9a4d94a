import { cancelOrderCommand, findTrade, placeOrder, replaceOrder } from '../../engine/order-commands';
import { findOrder } from '../../engine/order-lifecycle';
import { modifyOrderClientExtensions } from '../../engine/modify-commands';
import { apiError, ok } from '../../wire/api-result';
import { lastTransactionId, listCount, newestFirst, route, withAccount, type Route } from './route';

export const ORDER_ROUTES: Route[] = [
  route('POST', '/v3/accounts/{accountID}/orders', withAccount(404, (venue, account, { body }) => venue.command((ctx) => placeOrder(ctx, account, body)))),
  route('GET', '/v3/accounts/{accountID}/orders', withAccount(404, (venue, account, { query }) => {
    venue.advance();
    const state = query.get('state') ?? 'PENDING';
    const ids = query.get('ids')?.split(',');
    const instrument = query.get('instrument');
    const beforeId = query.get('beforeID');
    const selected = account.orders
      .filter((o) => state === 'ALL' || o.state === state)
      .filter((o) => !ids || ids.includes(o.id))
      .filter((o) => !instrument || o.instrument === instrument || (o.tradeID !== undefined && findTrade(account, o.tradeID as string)?.instrument === instrument))
      .filter((o) => !beforeId || Number(o.id) < Number(beforeId));
    return ok({ orders: newestFirst(selected, listCount(query, 50)), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/pendingOrders', withAccount(404, (venue, account) => {
    venue.advance();
    return ok({ orders: newestFirst(account.orders.filter((o) => o.state === 'PENDING')), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/orders/{orderSpecifier}', withAccount(404, (venue, account, { params }) => {
    venue.advance();
    const order = findOrder(account, decodeURIComponent(params.orderSpecifier!));
    if (!order) return apiError(404, `The Order specified does not exist (${decodeURIComponent(params.orderSpecifier!)})`, 'ORDER_DOESNT_EXIST');
    return ok({ order, lastTransactionID: lastTransactionId(account) });
  })),
  route('PUT', '/v3/accounts/{accountID}/orders/{orderSpecifier}', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => replaceOrder(ctx, account, decodeURIComponent(params.orderSpecifier!), body)))),
  route('PUT', '/v3/accounts/{accountID}/orders/{orderSpecifier}/cancel', withAccount(404, (venue, account, { params }) =>
    venue.command((ctx) => cancelOrderCommand(ctx, account, decodeURIComponent(params.orderSpecifier!))))),
  route('PUT', '/v3/accounts/{accountID}/orders/{orderSpecifier}/clientExtensions', withAccount(404, (venue, account, { params, body }) =>
    venue.command((ctx) => modifyOrderClientExtensions(ctx, account, decodeURIComponent(params.orderSpecifier!), body)))),
];
