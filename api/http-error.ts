/** An error the api answers with its own status code, message and headers instead of a 500. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown, readonly headers?: Readonly<Record<string, string>>) {
    super(message);
    this.name = 'HttpError';
  }
}
