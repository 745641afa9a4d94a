import { apiError, ok } from '../../wire/api-result';
import { lastTransactionId, route, withAccount, type Route } from './route';

/** sinceid comes before {transactionID}: the first route whose pattern and method match answers. */
export const TRANSACTION_ROUTES: Route[] = [
  route('GET', '/v3/accounts/{accountID}/transactions/sinceid', withAccount(404, (venue, account, { query }) => {
    venue.advance();
    const sinceId = Number(query.get('id'));
    if (!query.get('id') || !Number.isInteger(sinceId) || sinceId < 0) return apiError(400, `Invalid value specified for 'id': ${query.get('id')}`);
    const page = account.transactions.filter((t) => Number(t.id) > sinceId).slice(0, venue.transactionsPageSize);
    return ok({ transactions: page, lastTransactionID: lastTransactionId(account) });
  })),
  route('GET', '/v3/accounts/{accountID}/transactions/{transactionID}', withAccount(404, (venue, account, { params }) => {
    venue.advance();
    const transaction = account.transactions.find((t) => t.id === params.transactionID);
    if (!transaction) return apiError(404, `Transaction ${params.transactionID} does not exist`, 'TRANSACTION_DOESNT_EXIST');
    return ok({ transaction, lastTransactionID: lastTransactionId(account) });
  })),
];
