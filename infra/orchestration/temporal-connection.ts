import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** The settings that say how to reach Temporal: a local server by address, or Temporal Cloud over TLS. */
export interface TemporalConnectionSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TLS: boolean;
  TEMPORAL_TLS_CERT_PATH?: string;
  TEMPORAL_TLS_KEY_PATH?: string;
  TEMPORAL_TLS_CA_PATH?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
  TEMPORAL_API_KEY?: string;
}

/** What both the client's Connection and the worker's NativeConnection take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

export class TemporalConnectionError extends Error {}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new TemporalConnectionError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * TLS when asked for, or implied by a client certificate (mTLS) or an API key (Temporal Cloud takes either); plain
 * otherwise, as the dev server wants. Certificate files are read now, so a wrong path stops the process at start.
 */
export function temporalConnectionOptions(settings: TemporalConnectionSettings): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CERT_PATH: certPath, TEMPORAL_TLS_KEY_PATH: keyPath } = settings;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new TemporalConnectionError('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: a client certificate needs both, or neither');
  }
  const useTls = settings.TEMPORAL_TLS || Boolean(certPath) || Boolean(settings.TEMPORAL_API_KEY);
  if (!useTls) {
    if (settings.TEMPORAL_TLS_CA_PATH || settings.TEMPORAL_TLS_SERVER_NAME) {
      throw new TemporalConnectionError('TEMPORAL_TLS_CA_PATH / TEMPORAL_TLS_SERVER_NAME are set but TLS is off: set TEMPORAL_TLS=true');
    }
    return { address: settings.TEMPORAL_ADDRESS };
  }
  const tls: TLSConfig = {
    ...(certPath && keyPath ? { clientCertPair: { crt: readPem('TEMPORAL_TLS_CERT_PATH', certPath), key: readPem('TEMPORAL_TLS_KEY_PATH', keyPath) } } : {}),
    ...(settings.TEMPORAL_TLS_CA_PATH ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA_PATH', settings.TEMPORAL_TLS_CA_PATH) } : {}),
    ...(settings.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: settings.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  return { address: settings.TEMPORAL_ADDRESS, tls, ...(settings.TEMPORAL_API_KEY ? { apiKey: settings.TEMPORAL_API_KEY } : {}) };
}
