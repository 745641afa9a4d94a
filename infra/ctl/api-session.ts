import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

/** An answer of the api other than 2xx: its status and the api's own message. */
export class ApiCallError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface ApiSession {
  url: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/**
 * Who bin/ctl calls and as whom: --url (or TRADE_API_URL, else bin/start's http://127.0.0.1:8080), and the key from
 * --key-file, else TRADE_API_KEY, else bin/start's .data/api-key.
 */
export function openApiSession(options: { url?: string; keyFile?: string }, env: NodeJS.ProcessEnv = process.env): ApiSession {
  const url = (options.url ?? env.TRADE_API_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const keyFile = options.keyFile ?? join(projectRoot(), '.data', 'api-key');
  const fromFile = () => (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  const key = options.keyFile ? fromFile() : env.TRADE_API_KEY ?? fromFile();
  if (!key) throw new Error(`no api key: set TRADE_API_KEY, or pass --key-file (${keyFile} does not exist or is empty)`);

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Error(`the api at ${url} did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiCallError(response.status, (parsed as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`);
    return parsed as T;
  }
  return { url, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
