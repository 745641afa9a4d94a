import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Venue } from '../engine/venue';
import { apiError, type ApiResult } from '../wire/api-result';
import { withDatetimeFormat } from '../wire/format';
import { handleControl } from './control-routes';
import type { ConnectionLimits } from './connection-limits';
import type { FaultPlan } from './faults';
import type { VenueStreams } from './streams';
import type { RateLimiter } from './rate-limiter';
import type { VirtualClock } from '../virtual-clock';
import { V20_ROUTES } from './routes/v20-routes';

/** The subset of a pino logger the simulator uses. */
export interface SimLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ServerDeps {
  venue: Venue;
  tokens: ReadonlySet<string>;
  /** Whether /sim/faults/* answers at all (it also needs a valid token); off unless asked for. */
  faultsEnabled: boolean;
  rateLimiter: RateLimiter;
  connectionLimits: ConnectionLimits;
  faults: FaultPlan;
  streams: VenueStreams;
  virtualClock?: VirtualClock;
  logger?: SimLogger;
}

const UNAUTHORIZED = 'Insufficient authorization to perform request.';

export function createSimServer(deps: ServerDeps): Server {
  return createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      deps.logger?.error({ err: error, method: request.method, url: request.url }, 'venue simulator request failed');
      if (!response.headersSent) write(response, apiError(500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`), '0');
      else response.destroy();
    });
  });
}

async function handle(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://sim');
  const body = await readJson(request);
  if (body instanceof Error) return write(response, apiError(400, `The request body is not valid JSON: ${body.message}`), deps.venue.newRequestId());
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const authorized = token !== undefined && deps.tokens.has(token);
  if (url.pathname.startsWith('/sim/')) {
    return write(response, handleControl({ method, path: url.pathname, body, authorized, faultsEnabled: deps.faultsEnabled }, deps), deps.venue.newRequestId());
  }
  const connectionRefusal = deps.connectionLimits.connectionRefusal(request.socket);
  if (connectionRefusal) {
    return write(response, { ...apiError(429, connectionRefusal), headers: { 'Retry-After': '1', Connection: 'close' } }, deps.venue.newRequestId());
  }
  if (!authorized) return write(response, apiError(401, UNAUTHORIZED), deps.venue.newRequestId());
  if (!deps.rateLimiter.allow(token)) {
    return write(response, { ...apiError(429, 'Rate limit exceeded: too many requests per second for this token'), headers: { 'Retry-After': '1' } }, deps.venue.newRequestId());
  }
  const datetimeFormat = request.headers['accept-datetime-format'] ?? 'RFC3339';
  if (datetimeFormat !== 'RFC3339' && datetimeFormat !== 'UNIX') {
    return write(response, apiError(400, `Invalid value specified for 'Accept-Datetime-Format': ${String(datetimeFormat)} (RFC3339 or UNIX)`), deps.venue.newRequestId());
  }
  const matches = V20_ROUTES.map((r) => ({ route: r, match: r.pattern.exec(url.pathname) })).filter((m) => m.match);
  const found = matches.find((m) => m.route.method === method);
  if (!found) {
    const result = matches.length > 0 ? apiError(405, `Method ${method} is not allowed on ${url.pathname}`) : apiError(404, `The path ${url.pathname} does not exist on this server`);
    return write(response, result, deps.venue.newRequestId());
  }
  const outcome = found.route.handle(deps.venue, { origin: `http://${request.headers.host ?? 'localhost'}`, params: { ...found.match!.groups }, query: url.searchParams, body });
  if (deps.faults.takeLostResponse(method, url.pathname)) {
    deps.logger?.warn({ method, path: url.pathname }, 'fault: response lost after processing');
    request.socket.destroy();
    return;
  }
  if ('stream' in outcome || 'transactionStream' in outcome) {
    const slot = deps.connectionLimits.openStream(token);
    if (typeof slot === 'string') return write(response, { ...apiError(429, slot), headers: { 'Retry-After': '1' } }, deps.venue.newRequestId());
    response.once('close', slot.release);
    if ('transactionStream' in outcome) {
      deps.logger?.info({ method, path: url.pathname }, 'transaction stream opened');
      return deps.streams.openTransactions(response, outcome.transactionStream, datetimeFormat);
    }
    deps.logger?.info({ method, path: url.pathname, instruments: outcome.stream.instruments }, 'pricing stream opened');
    return deps.streams.openPricing(response, outcome.stream, datetimeFormat);
  }
  write(response, { ...outcome, body: withDatetimeFormat(outcome.body, datetimeFormat) }, deps.venue.newRequestId());
  // Commands are worth a line each; reads arrive several times a second and only show at debug level.
  const level = method === 'GET' && outcome.status < 500 ? 'debug' : 'info';
  deps.logger?.[level]({ method, path: url.pathname, status: outcome.status }, 'v20 request');
}

function write(response: ServerResponse, result: ApiResult, requestId: string): void {
  const payload = JSON.stringify(result.body);
  response.writeHead(result.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    RequestID: requestId,
    ...result.headers,
  });
  response.end(payload);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
}
