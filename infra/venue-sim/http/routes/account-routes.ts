import { configureAccount } from '../../engine/modify-commands';
import { SIM_INSTRUMENTS, simInstrument } from '../../market/instruments';
import { apiError, ok } from '../../wire/api-result';
import { renderChanges } from '../../wire/render-changes';
import { renderAccount, renderAccountSummary, renderInstrument } from '../../wire/render-account';
import { lastTransactionId, route, withAccount, type Route } from './route';

export const ACCOUNT_ROUTES: Route[] = [
  route('GET', '/v3/accounts', (venue) => ok({ accounts: venue.state.accounts.map((a) => ({ id: a.id, tags: [] })) })),
  route('GET', '/v3/accounts/{accountID}', withAccount(400, (venue, account) => {
    const nowMs = venue.advance();
    return ok({ account: renderAccount(venue.path, account, nowMs), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/summary', withAccount(400, (venue, account) => {
    const nowMs = venue.advance();
    return ok({ account: renderAccountSummary(venue.path, account, nowMs), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/instruments', withAccount(400, (_venue, account, { query }) => {
    const wanted = query.get('instruments')?.split(',') ?? Object.keys(SIM_INSTRUMENTS);
    return ok({ instruments: wanted.filter((i) => simInstrument(i)).map(renderInstrument), lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/changes', withAccount(404, (venue, account, { query }) => {
    const nowMs = venue.advance();
    const text = query.get('sinceTransactionID');
    const sinceId = Number(text);
    // v20 documents 416 for this path's bad ranges, and no 400.
    if (text === null || !Number.isInteger(sinceId) || sinceId < 0 || sinceId > account.lastTransactionId) {
      return apiError(416, `Invalid value specified for 'sinceTransactionID': ${text} (a transaction id up to ${account.lastTransactionId})`);
    }
    return ok(renderChanges(venue.path, account, sinceId, nowMs));
  })),
  route('PATCH', '/v3/accounts/{accountID}/configuration', withAccount(404, (venue, account, { body }) => venue.command((ctx) => configureAccount(ctx, account, body)))),
];
