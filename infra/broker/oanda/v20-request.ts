/**
 * `@oanda/v20` is used for what it does well, knowing OANDA's paths, query strings and bodies, and not for I/O:
 * its own request function has no timeout, no agent option, no abort, no 'error' listener (a reset socket would
 * crash the process), measures Content-Length in UTF-16 units, and its stream splitter hands partial lines to
 * JSON.parse. So each endpoint call runs against a Context whose `request` only records what would be sent.
 */
import { Context } from '@oanda/v20/context';

export interface V20Request {
  method: string;
  /** Path and query string, e.g. `/v3/accounts/101-001-1-001/summary`. */
  path: string;
  /** JSON body, absent for requests without one. */
  body?: Record<string, unknown>;
}

let recorder: Context | undefined;
let recorded: V20Request | undefined;

function recordingContext(): Context {
  if (!recorder) {
    recorder = new Context('request-builder.invalid', 443, true, 'trade-orchestrator');
    recorder.request = (method, path, body) => {
      recorded = { method, path, body: Object.keys(body).length > 0 ? body : undefined };
    };
  }
  return recorder;
}

const ignoreResponse = (): void => undefined;

/** The request an endpoint builder would send, e.g. `v20Request((v20, done) => v20.account.summary(id, done))`. */
export function v20Request(build: (v20: Context, done: () => void) => void): V20Request {
  recorded = undefined;
  build(recordingContext(), ignoreResponse);
  const request = recorded as V20Request | undefined;
  recorded = undefined;
  if (!request) throw new Error('the @oanda/v20 endpoint builder issued no request');
  return request;
}

/** Path segments go into the library's paths verbatim, so ids chosen by callers are escaped first. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
