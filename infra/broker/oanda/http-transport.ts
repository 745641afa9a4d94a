/**
 * HTTP for one OANDA host: a keep-alive agent, bearer token, a deadline on every request, caller abort, and
 * errors already translated into BrokerErrors.
 */
import http from 'node:http';
import https from 'node:https';
import { isBrokerError } from '../../../domain/broker';
import type { ConnectionBudget, RestCallBudget } from '../rest-call-budget';
import { brokerErrorFromResponse, brokerErrorFromTransport, timeoutError } from './error-mapping';
import type { ResponseContext } from './error-mapping';
import { pacedAgent } from './paced-agent';
import type { V20Request } from './v20-request';

export interface HttpEndpoint {
  /** e.g. https://api-fxpractice.oanda.com or http://127.0.0.1:8090 */
  baseUrl: string;
  token: string;
  /** Deadline for a whole REST exchange, and for a stream's response headers. */
  timeoutMs: number;
}

export interface TransportBudgets {
  /** Meters REST exchanges (not streams): a GET is a read, anything else a placement. Absent = unmetered. */
  rest?: RestCallBudget;
  /** Paces new connections to the host. Absent = opened at once. */
  connections?: ConnectionBudget;
  /** Connections kept to the host; requests beyond them wait for one to free up. */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 6;

export interface HttpAnswer {
  httpStatus: number;
  body: string;
}

export class HttpTransport {
  private readonly url: URL;
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(private readonly endpoint: HttpEndpoint, private readonly budgets: TransportBudgets = {}) {
    this.url = new URL(endpoint.baseUrl);
    const ssl = this.url.protocol === 'https:';
    this.client = ssl ? https : http;
    this.agent = pacedAgent(ssl, budgets.maxConnections ?? DEFAULT_MAX_CONNECTIONS, budgets.connections);
  }

  /** One REST exchange. Any 2xx answer is returned; anything else is thrown as a BrokerError. */
  async send(request: V20Request, context: ResponseContext, signal?: AbortSignal): Promise<HttpAnswer> {
    await this.budgets.rest?.acquire(request.method === 'GET' ? 'read' : 'placement', signal);
    const exchange = this.start(request, context.operation, signal);
    try {
      const response = await exchange.response;
      const body = await readBody(response);
      const httpStatus = response.statusCode ?? 0;
      if (httpStatus < 200 || httpStatus > 299) throw brokerErrorFromResponse(context, httpStatus, body);
      return { httpStatus, body };
    } catch (error) {
      throw exchange.explain(error);
    } finally {
      exchange.clearDeadline();
      exchange.detachCallerSignal();
    }
  }

  /**
   * Opens a streaming endpoint. Once the 200 headers arrive the deadline is lifted: the caller watches for silence
   * itself and aborts `signal` to close the connection.
   */
  async openStream(request: V20Request, context: ResponseContext, signal: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const exchange = this.start(request, context.operation, signal);
    try {
      const response = await exchange.response;
      const httpStatus = response.statusCode ?? 0;
      if (httpStatus !== 200) throw brokerErrorFromResponse(context, httpStatus, await readBody(response));
      return response;
    } catch (error) {
      exchange.detachCallerSignal();
      throw exchange.explain(error);
    } finally {
      exchange.clearDeadline();
    }
  }

  /** Closes idle keep-alive sockets; in-flight requests finish or fail on their own. */
  close(): void {
    this.agent.destroy();
  }

  private start(request: V20Request, operation: string, signal: AbortSignal | undefined) {
    const controller = new AbortController();
    const { timeoutMs } = this.endpoint;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    if (signal?.aborted) forwardAbort();

    const payload = request.body ? JSON.stringify(request.body) : undefined;
    const headers: http.OutgoingHttpHeaders = {
      Authorization: `Bearer ${this.endpoint.token}`,
      'Accept-Datetime-Format': 'RFC3339',
      'User-Agent': 'trade-orchestrator (@oanda/v20 endpoints)',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }

    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      const outgoing = this.client.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          method: request.method,
          path: request.path,
          headers,
          agent: this.agent,
          signal: controller.signal,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });

    return {
      response,
      clearDeadline: (): void => clearTimeout(timer),
      detachCallerSignal: (): void => signal?.removeEventListener('abort', forwardAbort),
      explain: (error: unknown): unknown => {
        if (signal?.aborted) return signal.reason ?? error;
        if (timedOut) return timeoutError(operation, timeoutMs);
        if (isBrokerError(error)) return error;
        return brokerErrorFromTransport(operation, error);
      },
    };
  }
}

async function readBody(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
