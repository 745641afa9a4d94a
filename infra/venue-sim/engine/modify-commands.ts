import { apiError, ok, type ApiResult } from '../wire/api-result';
import * as format from '../wire/format';
import type { AccountRecord, ClientExtensions, WireObject } from './account-state';
import type { CommandContext } from './order-commands';
import { findTrade } from './order-commands';
import { findOrder } from './order-lifecycle';
import { TransactionBatch } from './transactions';
import { valueAccount } from './valuation';

/** OANDA's limit on each client extension field. */
const CLIENT_EXTENSION_MAX_LENGTH = 128;

/** PATCH /v3/accounts/{id}/configuration {alias?, marginRate?}: a CLIENT_CONFIGURE, or a CLIENT_CONFIGURE_REJECT and 400. */
export function configureAccount(ctx: CommandContext, account: AccountRecord, body: unknown): ApiResult {
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const { alias, marginRate } = (body ?? {}) as { alias?: unknown; marginRate?: unknown };
  const rate = marginRate === undefined ? undefined : format.parseDecimal(marginRate);
  const rejection = alias !== undefined && (typeof alias !== 'string' || alias.trim() === '') ? { reason: 'ALIAS_INVALID', message: "'alias' must be a non-empty string" }
    : marginRate !== undefined && (rate === undefined || rate <= 0 || rate > 1) ? { reason: 'MARGIN_RATE_INVALID', message: "'marginRate' must be a decimal above 0 and at most 1" }
      : alias === undefined && marginRate === undefined ? { reason: 'CLIENT_CONFIGURE_DATA_MISSING', message: "nothing to configure: give 'alias' or 'marginRate'" }
        : rate !== undefined ? marginRateProblem(ctx, account, rate) : undefined;
  const fields: WireObject = { ...(alias !== undefined ? { alias } : {}), ...(marginRate !== undefined ? { marginRate } : {}) };
  if (rejection) {
    const reject = batch.add('CLIENT_CONFIGURE_REJECT', { ...fields, rejectReason: rejection.reason });
    return apiError(400, rejection.message, rejection.reason, { clientConfigureRejectTransaction: reject, lastTransactionID: lastId(account) });
  }
  if (typeof alias === 'string') account.alias = alias;
  if (rate !== undefined) account.marginRate = rate;
  const transaction = batch.add('CLIENT_CONFIGURE', fields);
  return ok({ clientConfigureTransaction: transaction, lastTransactionID: lastId(account) });
}

/** A margin rate the open trades could not carry: NAV at or below the margin it would need (half of it: a closeout). */
function marginRateProblem(ctx: CommandContext, account: AccountRecord, rate: number): { reason: string; message: string } | undefined {
  const current = account.marginRate;
  account.marginRate = rate;
  const { navHome, marginUsedHome } = valueAccount(ctx.path, account, ctx.nowMs);
  account.marginRate = current;
  if (marginUsedHome === 0) return undefined;
  if (navHome <= marginUsedHome / 2) return { reason: 'MARGIN_RATE_WOULD_TRIGGER_CLOSEOUT', message: `a margin rate of ${rate} would close the open trades out: NAV ${navHome.toFixed(2)} is at most half the ${marginUsedHome.toFixed(2)} of margin they would need` };
  if (navHome <= marginUsedHome) return { reason: 'MARGIN_RATE_WOULD_TRIGGER_MARGIN_CALL', message: `a margin rate of ${rate} would put the account on margin call: NAV ${navHome.toFixed(2)} is at most the ${marginUsedHome.toFixed(2)} of margin the open trades would need` };
  return undefined;
}

/** PUT /v3/accounts/{id}/orders/{specifier}/clientExtensions {clientExtensions?, tradeClientExtensions?} on a pending order. */
export function modifyOrderClientExtensions(ctx: CommandContext, account: AccountRecord, specifier: string, body: unknown): ApiResult {
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const request = (body ?? {}) as { clientExtensions?: unknown; tradeClientExtensions?: unknown };
  const order = findOrder(account, specifier);
  const { extensions: orderExtensions, invalid: orderInvalid } = parseClientExtensions(request.clientExtensions, 'ORDER');
  const { extensions: tradeExtensions, invalid: tradeInvalid } = parseClientExtensions(request.tradeClientExtensions, 'TRADE');
  // Echoed as v20 types them: a malformed value is named by the reject reason, not repeated.
  const fields: WireObject = {
    ...(order ? { orderID: order.id, ...(order.clientExtensions?.id ? { clientOrderID: order.clientExtensions.id } : {}) } : {}),
    ...(orderExtensions ? { clientExtensionsModify: orderExtensions } : {}),
    ...(tradeExtensions ? { tradeClientExtensionsModify: tradeExtensions } : {}),
  };
  const reject = (status: 400 | 404, reason: string, message: string) => apiError(status, message, reason, {
    orderClientExtensionsModifyRejectTransaction: batch.add('ORDER_CLIENT_EXTENSIONS_MODIFY_REJECT', { ...fields, rejectReason: reason }),
    relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastId(account),
  });
  if (!order || order.state !== 'PENDING') return reject(404, 'ORDER_DOESNT_EXIST', `The Order specified ${order ? `is ${order.state}, not PENDING` : 'does not exist'} (${specifier})`);
  const invalid = orderInvalid ?? tradeInvalid;
  if (invalid) return reject(400, invalid.reason, invalid.message);
  if (!orderExtensions && !tradeExtensions) return reject(400, 'CLIENT_EXTENSIONS_DATA_MISSING', "nothing to modify: give 'clientExtensions' or 'tradeClientExtensions'");
  const clientId = orderExtensions?.id;
  if (clientId !== undefined && account.orders.some((o) => o !== order && o.state === 'PENDING' && o.clientExtensions?.id === clientId)) {
    return reject(400, 'CLIENT_ORDER_ID_ALREADY_EXISTS', `The client Order ID ${clientId} is already assigned to another pending Order`);
  }
  const tradeClientId = tradeExtensions?.id;
  if (tradeClientId !== undefined && account.trades.some((t) => t.currentUnits !== 0 && t.clientExtensions?.id === tradeClientId)) {
    return reject(400, 'CLIENT_TRADE_ID_ALREADY_EXISTS', `The client Trade ID ${tradeClientId} is already assigned to an open Trade`);
  }
  if (orderExtensions) order.clientExtensions = { ...order.clientExtensions, ...orderExtensions };
  if (tradeExtensions) order.tradeClientExtensions = { ...(order.tradeClientExtensions as ClientExtensions | undefined), ...tradeExtensions };
  const transaction = batch.add('ORDER_CLIENT_EXTENSIONS_MODIFY', fields);
  return ok({ orderClientExtensionsModifyTransaction: transaction, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastId(account) });
}

/** PUT /v3/accounts/{id}/trades/{specifier}/clientExtensions {clientExtensions} on an open trade. */
export function modifyTradeClientExtensions(ctx: CommandContext, account: AccountRecord, specifier: string, body: unknown): ApiResult {
  const batch = new TransactionBatch(account, ctx.nowMs, ctx.requestId);
  const request = (body ?? {}) as { clientExtensions?: unknown };
  const trade = findTrade(account, specifier);
  const { extensions, invalid } = parseClientExtensions(request.clientExtensions, 'TRADE');
  const fields: WireObject = {
    ...(trade ? { tradeID: format.id(trade.id), ...(trade.clientExtensions?.id ? { clientTradeID: trade.clientExtensions.id } : {}) } : {}),
    ...(extensions ? { tradeClientExtensionsModify: extensions } : {}),
  };
  const reject = (status: 400 | 404, reason: string, message: string) => apiError(status, message, reason, {
    tradeClientExtensionsModifyRejectTransaction: batch.add('TRADE_CLIENT_EXTENSIONS_MODIFY_REJECT', { ...fields, rejectReason: reason }),
    relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastId(account),
  });
  if (!trade || trade.currentUnits === 0) return reject(404, 'TRADE_DOESNT_EXIST', `The Trade specified does not exist or is closed (${specifier})`);
  if (invalid) return reject(400, invalid.reason, invalid.message);
  if (!extensions) return reject(400, 'CLIENT_EXTENSIONS_DATA_MISSING', "nothing to modify: give 'clientExtensions'");
  if (extensions.id !== undefined && account.trades.some((t) => t !== trade && t.currentUnits !== 0 && t.clientExtensions?.id === extensions.id)) {
    return reject(400, 'CLIENT_TRADE_ID_ALREADY_EXISTS', `The client Trade ID ${extensions.id} is already assigned to another open Trade`);
  }
  trade.clientExtensions = { ...trade.clientExtensions, ...extensions };
  const transaction = batch.add('TRADE_CLIENT_EXTENSIONS_MODIFY', fields);
  return ok({ tradeClientExtensionsModifyTransaction: transaction, relatedTransactionIDs: batch.relatedTransactionIDs, lastTransactionID: lastId(account) });
}

/** Client extensions to set (none when absent or empty), or the v20 reason naming the first bad field. */
function parseClientExtensions(value: unknown, of: 'ORDER' | 'TRADE'): { extensions?: ClientExtensions; invalid?: { reason: string; message: string } } {
  if (value === undefined) return {};
  const invalid = (field: string, why: string) => ({ invalid: { reason: `CLIENT_${of}_${field.toUpperCase()}_INVALID`, message: `${of === 'ORDER' ? 'clientExtensions' : 'tradeClientExtensions'}.${field} ${why}` } });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('id', 'must come in an object of id, tag and comment');
  const entries = Object.entries(value);
  for (const [field, text] of entries) {
    if (!['id', 'tag', 'comment'].includes(field)) return invalid('id', `: ${field} is not a client extension (id, tag, comment)`);
    if (typeof text !== 'string' || text.length > CLIENT_EXTENSION_MAX_LENGTH) return invalid(field, `must be a string of at most ${CLIENT_EXTENSION_MAX_LENGTH} characters`);
  }
  return entries.length === 0 ? {} : { extensions: value as ClientExtensions };
}

const lastId = (account: AccountRecord): string => format.id(account.lastTransactionId);
