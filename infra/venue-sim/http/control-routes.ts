import type { Venue } from '../engine/venue';
import type { VirtualClock } from '../virtual-clock';
import type { ApiResult } from '../wire/api-result';
import { apiError, ok } from '../wire/api-result';
import type { FaultMethod, FaultPlan } from './faults';
import type { VenueStreams } from './streams';

export interface ControlDeps {
  venue: Venue;
  faults: FaultPlan;
  streams: VenueStreams;
  virtualClock?: VirtualClock;
}

export interface ControlRequest {
  method: string;
  path: string;
  body: unknown;
  /** The request carried one of the simulator's tokens. */
  authorized: boolean;
  faultsEnabled: boolean;
}

/**
 * The /sim/* surface: an open health probe and clock, and the switches tests use when they run the simulator as a
 * process (faults, moving a virtual clock on), which answer only when the simulator was started with them enabled,
 * and only to its token.
 */
export function handleControl({ method, path, body, authorized, faultsEnabled }: ControlRequest, { venue, faults, streams, virtualClock }: ControlDeps): ApiResult {
  const request = (body ?? {}) as Record<string, unknown>;
  if (method === 'GET' && path === '/sim/health') return ok({ status: 'ok' });
  if (method === 'GET' && path === '/sim/clock') return ok(clockView(venue, virtualClock));
  if (!faultsEnabled) return apiError(404, 'test controls are off: start the simulator with SIM_FAULTS_ENABLED=true to use /sim/faults and /sim/clock/advance');
  if (!authorized) return apiError(401, 'Insufficient authorization to perform request.');
  if (method === 'POST' && path === '/sim/faults/lose-next-response') {
    const faultMethod = request.method;
    if (faultMethod !== 'GET' && faultMethod !== 'POST' && faultMethod !== 'PUT') return apiError(400, `method must be GET, POST or PUT, got ${String(faultMethod)}`);
    if (typeof request.pathPattern !== 'string') return apiError(400, 'pathPattern must be a regular expression source string');
    faults.loseNextResponse(faultMethod as FaultMethod, new RegExp(request.pathPattern));
    return ok({ armed: true });
  }
  if (method === 'POST' && path === '/sim/faults/drop-streams') {
    streams.dropAll();
    return ok({ dropped: true });
  }
  if (method === 'POST' && path === '/sim/faults/silence-streams') {
    if (typeof request.silent !== 'boolean') return apiError(400, 'silent must be a boolean');
    streams.setSilent(request.silent);
    return ok({ silent: request.silent });
  }
  if (method === 'POST' && path === '/sim/clock/advance') {
    if (!virtualClock) return apiError(409, 'the clock is not virtual: start the simulator with SIM_CLOCK_START or SIM_CLOCK_SPEED to move it');
    if (typeof request.ms !== 'number' || !(request.ms >= 0)) return apiError(400, `ms must be a number of milliseconds, 0 or more, got ${String(request.ms)}`);
    virtualClock.advance(request.ms);
    venue.advance();
    return ok(clockView(venue, virtualClock));
  }
  return apiError(404, `No simulator control endpoint ${method} ${path}`);
}

function clockView(venue: Venue, virtualClock: VirtualClock | undefined): Record<string, unknown> {
  const nowMs = venue.now();
  const hours = venue.path.hours;
  return {
    time: new Date(nowMs).toISOString(),
    virtual: virtualClock !== undefined,
    marketHours: hours.name,
    marketOpen: hours.isOpen('EUR_USD', nowMs),
    nextOpen: new Date(hours.nextOpenMs('EUR_USD', nowMs)).toISOString(),
  };
}
