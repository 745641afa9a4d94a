/** An answer other than 2xx, with the api's own message (every error body is `{ error }`). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/** The REST api, called with the operator's key; a 401 means the key no longer works and the page signs out. */
export function createApi(key: string, onUnauthorized: () => void): Api {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      const message = (parsed as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`;
      throw new ApiError(response.status, message);
    }
    return parsed as T;
  }
  // Several panels read the same path when one event arrives (the account's state, its risk): one request serves them.
  const reading = new Map<string, Promise<unknown>>();
  const get = <T>(path: string): Promise<T> => {
    let pending = reading.get(path);
    if (!pending) {
      pending = call<T>('GET', path).finally(() => reading.delete(path));
      reading.set(path, pending);
    }
    return pending as Promise<T>;
  };
  return { get, post: (path, body) => call('POST', path, body) };
}
