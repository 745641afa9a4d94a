/**
 * The part of the untyped `@oanda/v20` package this adapter uses: its endpoint builders. The package has no main
 * entry point, so the Context is loaded from `@oanda/v20/context`. Each method builds a
 * path and body and hands them to `context.request`; the adapter replaces that function (see v20-request.ts).
 */
declare module '@oanda/v20/context' {
  type Callback = (response: unknown) => void;
  type Query = Record<string, string | number | boolean>;

  export type RequestFunction = (
    method: string,
    path: string,
    body: Record<string, unknown>,
    streamChunkHandler: ((chunk: string) => void) | undefined,
    responseHandler: Callback,
  ) => void;

  export class Context {
    constructor(hostname: string, port: number, ssl: boolean, application?: string);
    request: RequestFunction;
    account: { summary(accountID: string, cb: Callback): void };
    position: {
      listOpen(accountID: string, cb: Callback): void;
      close(accountID: string, instrument: string, body: Record<string, unknown>, cb: Callback): void;
    };
    trade: { listOpen(accountID: string, cb: Callback): void; get(accountID: string, tradeSpecifier: string, cb: Callback): void };
    order: {
      create(accountID: string, body: { order: Record<string, unknown> }, cb: Callback): void;
      get(accountID: string, orderSpecifier: string, cb: Callback): void;
      cancel(accountID: string, orderSpecifier: string, cb: Callback): void;
      listPending(accountID: string, cb: Callback): void;
    };
    pricing: {
      get(accountID: string, query: Query, cb: Callback): void;
      stream(accountID: string, query: Query, chunkHandler: (chunk: unknown) => void, cb: Callback): void;
    };
    instrument: { candles(instrument: string, query: Query, cb: Callback): void };
    transaction: {
      since(accountID: string, query: Query, cb: Callback): void;
      get(accountID: string, transactionID: string, cb: Callback): void;
    };
  }
}
