import { configureAccount } from '../../engine/modify-commands';
import { SIM_INSTRUMENTS, simInstrument } from '../../market/instruments';
import { ok } from '../../wire/api-result';
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
  route('PATCH', '/v3/accounts/{accountID}/configuration', withAccount(404, (venue, account, { body }) => venue.command((ctx) => configureAccount(ctx, account, body)))),
];
