import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; `service` names the process so merged logs stay readable. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
