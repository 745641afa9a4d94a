/**
 * What the adapter sends, and the recorded payloads its unit tests read, checked against OANDA's own spec
 * (closed objects, so a misspelt field fails too).
 */
import { orderRequestBody } from '../../infra/broker/oanda/order-request-body';
import accountSummary from '../unit/broker/fixtures/account-summary.json';
import candles from '../unit/broker/fixtures/candles.json';
import openPositions from '../unit/broker/fixtures/open-positions.json';
import openTrades from '../unit/broker/fixtures/open-trades.json';
import filled from '../unit/broker/fixtures/order-create-filled.json';
import marginCancel from '../unit/broker/fixtures/order-create-margin-cancel.json';
import closingFills from '../unit/broker/fixtures/transactions-closing-fills.json';
import { V20Validator } from './oanda-v20/v20-validator';

const validator = new V20Validator();

describe('order bodies the adapter sends match OANDA v20 request definitions', () => {
  it('market order with stop-loss distance, take-profit price, price bound and comment', () => {
    const body = orderRequestBody({
      type: 'MARKET',
      clientOrderId: 'wf-1-step-2',
      instrument: 'EUR_USD',
      units: -2500,
      stopLossOnFill: { distanceQuote: 0.0025 },
      takeProfitOnFill: { priceQuote: 1.0712 },
      priceBoundQuote: 1.0801,
      clientComment: 'analysis-to-trade',
    });
    expect(validator.definition('MarketOrderRequest', body)).toEqual([]);
  });

  it('good-till-date limit order with a stop-loss price', () => {
    const body = orderRequestBody({
      type: 'LIMIT',
      clientOrderId: 'wf-1-step-3',
      instrument: 'USD_JPY',
      units: 1000,
      priceQuote: 149.5,
      timeInForce: 'GTD',
      gtdTimeMs: Date.UTC(2026, 0, 5, 12),
      stopLossOnFill: { priceQuote: 148.9 },
    });
    expect(validator.definition('LimitOrderRequest', body)).toEqual([]);
  });
});

describe('recorded payloads used by the unit tests match OANDA v20 responses', () => {
  it.each([
    ['GET', '/accounts/{accountID}/summary', 200, accountSummary],
    ['GET', '/accounts/{accountID}/openPositions', 200, openPositions],
    ['GET', '/accounts/{accountID}/openTrades', 200, openTrades],
    ['GET', '/instruments/{instrument}/candles', 200, candles],
    ['POST', '/accounts/{accountID}/orders', 201, filled],
    ['POST', '/accounts/{accountID}/orders', 201, marginCancel],
    ['GET', '/accounts/{accountID}/transactions/sinceid', 200, closingFills],
  ])('%s %s %i', (method, specPath, status, body) => {
    expect(validator.response(method, specPath, status, body)).toEqual([]);
  });
});
