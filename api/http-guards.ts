import { networkInterfaces } from 'node:os';
import type { RequestHandler } from 'express';
import type { AppConfig } from '../infra/config';
import { HttpError } from './http-error';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Probes answer whatever the Host (an orchestrator's health check uses the pod address); they reveal nothing. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

const withoutPort = (host: string): string => host.replace(/:\d+$/, '');

/**
 * The Host headers the api answers, against DNS rebinding (a page at evil.example resolving to 127.0.0.1 sends
 * Host: evil.example): API_ALLOWED_HOSTS, or by default the loopback names and the address it listens on (every
 * interface's when it listens on all of them). A host without a port allows every port of that host.
 */
export function allowedHosts(config: AppConfig): { allows(host: string | undefined): boolean } {
  if (config.API_ALLOWED_HOSTS?.trim() === '*') return { allows: () => true };
  const configured = config.API_ALLOWED_HOSTS?.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean);
  const listening = ['0.0.0.0', '::'].includes(config.API_HOST)
    ? Object.values(networkInterfaces()).flatMap((addresses) => addresses ?? []).map((address) => (address.family === 'IPv6' ? `[${address.address}]` : address.address))
    : [config.API_HOST.includes(':') ? `[${config.API_HOST}]` : config.API_HOST];
  const exact = new Set(configured ?? listening.map((host) => `${host.toLowerCase()}:${config.API_PORT}`));
  const anyPort = new Set(configured?.filter((host) => !/:\d+$/.test(host)) ?? LOOPBACK_NAMES);
  return { allows: (host) => host !== undefined && (exact.has(host.toLowerCase()) || anyPort.has(withoutPort(host.toLowerCase()))) };
}

export function hostAllowList(config: AppConfig): RequestHandler {
  const hosts = allowedHosts(config);
  return (request, _response, next) => {
    if (PROBES.has(request.path) || hosts.allows(request.get('host'))) {
      next();
      return;
    }
    next(new HttpError(403, `host ${request.get('host') ?? '(none)'} is not one this api answers (API_ALLOWED_HOSTS)`));
  };
}

/** A body must be JSON: a form or text/plain body (what a cross-site page can send without asking) is a 415. */
export const jsonBodiesOnly: RequestHandler = (request, _response, next) => {
  const hasBody = request.get('transfer-encoding') !== undefined || Number(request.get('content-length') ?? 0) > 0;
  if (hasBody && !request.is('application/json')) {
    next(new HttpError(415, `the body must be application/json, not ${request.get('content-type') ?? 'of no declared type'}`));
    return;
  }
  next();
};
