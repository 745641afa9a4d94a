import { ACCOUNT_ROUTES } from './account-routes';
import { MARKET_DATA_ROUTES } from './market-data-routes';
import { ORDER_ROUTES } from './order-routes';
import { POSITION_AND_TRADE_ROUTES } from './position-and-trade-routes';
import type { Route } from './route';
import { TRANSACTION_ROUTES } from './transaction-routes';

export type { Route, RouteOutcome, RouteRequest } from './route';

/** Every v20 operation the simulator answers, matched in this order. */
export const V20_ROUTES: Route[] = [...ACCOUNT_ROUTES, ...MARKET_DATA_ROUTES, ...ORDER_ROUTES, ...POSITION_AND_TRADE_ROUTES, ...TRANSACTION_ROUTES];
