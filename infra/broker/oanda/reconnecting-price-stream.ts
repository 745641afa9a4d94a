/**
 * A price stream that stays up: it reconnects after the venue closes or resets the connection, treats silence
 * longer than the heartbeat timeout as a dead connection, backs off exponentially with jitter between attempts,
 * and says so with a 'reconnect' event each time. Only the caller's abort, or an error that a retry cannot fix
 * (e.g. a rejected token or an unknown instrument), ends it.
 */
import { DEFAULT_BACKOFF, DEFAULT_HEALTHY_AFTER_MS, DEFAULT_HEARTBEAT_TIMEOUT_MS, backoffDelayMs, isBrokerError } from '../../../domain/broker';
import type { PriceStreamEvent, PriceStreamOptions } from '../../../domain/broker';
import { toHeartbeatEvent, toPriceEvent } from './translate-market';
import type { V20ClientPrice, V20PricingHeartbeat } from './v20-payloads';

export interface StreamPacing {
  /** Resolves after `delayMs`, or early when `signal` aborts. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  random01(): number;
}

export type OpenByteStream = (signal: AbortSignal) => Promise<AsyncIterable<Buffer | string>>;

class StreamSilent extends Error {
  constructor(readonly silentMs: number) {
    super(`no data for ${silentMs} ms`);
  }
}

export async function* reconnectingPriceStream(
  open: OpenByteStream,
  options: PriceStreamOptions,
  pacing: StreamPacing,
): AsyncGenerator<PriceStreamEvent> {
  const outer = options.signal;
  const policy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const healthyAfterMs = options.healthyAfterMs ?? DEFAULT_HEALTHY_AFTER_MS;
  let failedAttempts = 0;

  while (!outer?.aborted) {
    const connection = new AbortController();
    const abortConnection = (): void => connection.abort(outer?.reason);
    outer?.addEventListener('abort', abortConnection, { once: true });
    let watchdog: NodeJS.Timeout | undefined;
    const rearmWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(new StreamSilent(heartbeatTimeoutMs)), heartbeatTimeoutMs);
    };
    let healthy: NodeJS.Timeout | undefined;
    let reason = 'the venue closed the stream';
    try {
      rearmWatchdog();
      const bytes = await open(connection.signal);
      healthy = setTimeout(() => (failedAttempts = 0), healthyAfterMs);
      for await (const line of lines(bytes)) {
        // Time the consumer spends before pulling the next event is not the venue's silence.
        clearTimeout(watchdog);
        const event = parseStreamLine(line);
        if (event) yield event;
        if (outer?.aborted) return;
        rearmWatchdog();
      }
    } catch (error) {
      if (outer?.aborted) return;
      if (isBrokerError(error) && !error.retryable) throw error;
      const cause: unknown = connection.signal.reason instanceof StreamSilent ? connection.signal.reason : error;
      reason = cause instanceof Error ? cause.message : String(cause);
    } finally {
      clearTimeout(watchdog);
      clearTimeout(healthy);
      outer?.removeEventListener('abort', abortConnection);
      connection.abort();
    }
    if (outer?.aborted) return;
    failedAttempts += 1;
    const delayMs = backoffDelayMs(policy, failedAttempts, pacing.random01());
    yield { type: 'reconnect', attempt: failedAttempts, reason, delayMs };
    await pacing.sleep(delayMs, outer);
  }
}

async function* lines(bytes: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of bytes) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.trim() !== '') yield line;
  }
}

function parseStreamLine(line: string): PriceStreamEvent | undefined {
  const message = JSON.parse(line) as { type?: string };
  if (message.type === 'HEARTBEAT') return toHeartbeatEvent(message as V20PricingHeartbeat);
  if (message.type === 'PRICE') return toPriceEvent(message as V20ClientPrice);
  return undefined;
}
