import type { WireObject } from '../../engine/account-state';
import { apiError, ok } from '../../wire/api-result';
import * as format from '../../wire/format';
import { lastTransactionId, route, withAccount, type Route } from './route';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/** v20's TransactionFilter values: three groups, and the transaction types, each matched exactly. */
const TRANSACTION_FILTERS = new Set([
  'ORDER', 'FUNDING', 'ADMIN', 'CREATE', 'CLOSE', 'REOPEN', 'CLIENT_CONFIGURE', 'CLIENT_CONFIGURE_REJECT', 'TRANSFER_FUNDS',
  'TRANSFER_FUNDS_REJECT', 'MARKET_ORDER', 'MARKET_ORDER_REJECT', 'LIMIT_ORDER', 'LIMIT_ORDER_REJECT', 'STOP_ORDER', 'STOP_ORDER_REJECT',
  'MARKET_IF_TOUCHED_ORDER', 'MARKET_IF_TOUCHED_ORDER_REJECT', 'TAKE_PROFIT_ORDER', 'TAKE_PROFIT_ORDER_REJECT', 'STOP_LOSS_ORDER',
  'STOP_LOSS_ORDER_REJECT', 'TRAILING_STOP_LOSS_ORDER', 'TRAILING_STOP_LOSS_ORDER_REJECT', 'ONE_CANCELS_ALL_ORDER',
  'ONE_CANCELS_ALL_ORDER_REJECT', 'ONE_CANCELS_ALL_ORDER_TRIGGERED', 'ORDER_FILL', 'ORDER_CANCEL', 'ORDER_CANCEL_REJECT',
  'ORDER_CLIENT_EXTENSIONS_MODIFY', 'ORDER_CLIENT_EXTENSIONS_MODIFY_REJECT', 'TRADE_CLIENT_EXTENSIONS_MODIFY',
  'TRADE_CLIENT_EXTENSIONS_MODIFY_REJECT', 'MARGIN_CALL_ENTER', 'MARGIN_CALL_EXTEND', 'MARGIN_CALL_EXIT', 'DELAYED_TRADE_CLOSURE',
  'DAILY_FINANCING', 'RESET_RESETTABLE_PL',
]);

/** What the three groups hold, as the simulator reads them (v20 names the groups without listing their members). */
const FILTER_GROUPS: Record<string, (type: string) => boolean> = {
  ORDER: (type) => type.includes('ORDER'),
  FUNDING: (type) => type.startsWith('TRANSFER_FUNDS') || type === 'DAILY_FINANCING',
  ADMIN: (type) => ['CREATE', 'CLOSE', 'REOPEN', 'CLIENT_CONFIGURE', 'CLIENT_CONFIGURE_REJECT'].includes(type),
};

/** The paths named like ids (sinceid, idrange, stream) come before {transactionID}: the first matching route answers. */
export const TRANSACTION_ROUTES: Route[] = [
  route('GET', '/v3/accounts/{accountID}/transactions', withAccount(404, (venue, account, { origin, query }) => {
    const nowMs = venue.advance();
    const fromText = query.get('from');
    const toText = query.get('to');
    const fromMs = fromText === null ? account.createdTimeMs : format.parseTime(fromText);
    if (fromMs === undefined) return apiError(400, `Invalid value specified for 'from': ${fromText}`);
    const toMs = toText === null ? nowMs : format.parseTime(toText);
    if (toMs === undefined) return apiError(400, `Invalid value specified for 'to': ${toText}`);
    if (toMs < fromMs) return apiError(400, "Invalid value specified for 'to': it is before 'from'");
    const pageSizeText = query.get('pageSize');
    const pageSize = pageSizeText === null ? DEFAULT_PAGE_SIZE : Number(pageSizeText);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return apiError(400, `Invalid value specified for 'pageSize': ${pageSizeText} (1 to ${MAX_PAGE_SIZE})`);
    const filter = parseFilter(query.get('type'));
    if (typeof filter === 'string') return apiError(400, filter);
    const ids = account.transactions
      .filter((t) => filter.matches(t) && inTimeRange(t, fromMs, toMs))
      .map((t) => Number(t.id));
    const pages: string[] = [];
    for (let i = 0; i < ids.length; i += pageSize) {
      const page = ids.slice(i, i + pageSize);
      const typeQuery = filter.types ? `&type=${filter.types.join(',')}` : '';
      pages.push(`${origin}/v3/accounts/${account.id}/transactions/idrange?from=${page[0]}&to=${page.at(-1)}${typeQuery}`);
    }
    return ok({
      from: format.time(fromMs), to: format.time(toMs), pageSize, ...(filter.types ? { type: filter.types } : {}), count: ids.length, pages,
      lastTransactionID: lastTransactionId(account),
    });
  })),
  route('GET', '/v3/accounts/{accountID}/transactions/idrange', withAccount(404, (venue, account, { query }) => {
    venue.advance();
    const range = parseIdRange(query.get('from'), query.get('to'));
    if (typeof range === 'string') return apiError(400, range);
    const filter = parseFilter(query.get('type'));
    if (typeof filter === 'string') return apiError(400, filter);
    const transactions = account.transactions.filter((t) => Number(t.id) >= range.from && Number(t.id) <= range.to && filter.matches(t));
    return ok({ transactions, lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/transactions/sinceid', withAccount(404, (venue, account, { query }) => {
    venue.advance();
    const sinceId = Number(query.get('id'));
    if (!query.get('id') || !Number.isInteger(sinceId) || sinceId < 0) return apiError(400, `Invalid value specified for 'id': ${query.get('id')}`);
    const page = account.transactions.filter((t) => Number(t.id) > sinceId).slice(0, venue.transactionsPageSize);
    return ok({ transactions: page, lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/transactions/stream', withAccount(404, (_venue, account) => ({ transactionStream: account }))),
  route('GET', '/v3/accounts/{accountID}/transactions/{transactionID}', withAccount(404, (venue, account, { params }) => {
    venue.advance();
    const transaction = account.transactions.find((t) => t.id === params.transactionID);
    if (!transaction) return apiError(404, `Transaction ${params.transactionID} does not exist`, 'TRANSACTION_DOESNT_EXIST');
    return ok({ transaction, lastTransactionID: lastTransactionId(account) });
  })),
];

function inTimeRange(transaction: WireObject, fromMs: number, toMs: number): boolean {
  const timeMs = format.parseTime(String(transaction.time));
  return timeMs !== undefined && timeMs >= fromMs && timeMs <= toMs;
}

function parseIdRange(fromText: string | null, toText: string | null): { from: number; to: number } | string {
  const from = Number(fromText);
  if (fromText === null || !Number.isInteger(from) || from < 1) return `Invalid value specified for 'from': ${fromText} (a transaction id is required)`;
  const to = Number(toText);
  if (toText === null || !Number.isInteger(to) || to < 1) return `Invalid value specified for 'to': ${toText} (a transaction id is required)`;
  if (to < from) return `Invalid value specified for 'to': ${to} is before 'from' ${from}`;
  return { from, to };
}

/** A comma-separated TransactionFilter list: group names or transaction types; none given matches everything. */
function parseFilter(text: string | null): { types?: string[]; matches(transaction: WireObject): boolean } | string {
  if (text === null || text === '') return { matches: () => true };
  const types = text.split(',');
  const invalid = types.filter((type) => !TRANSACTION_FILTERS.has(type));
  if (invalid.length > 0) return `Invalid value specified for 'type': ${invalid.join(', ')}`;
  return {
    types,
    matches: (transaction) => types.some((filter) => FILTER_GROUPS[filter]?.(String(transaction.type)) ?? filter === transaction.type),
  };
}
