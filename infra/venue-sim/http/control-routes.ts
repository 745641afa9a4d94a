import type { ApiResult } from '../wire/api-result';
import { apiError, ok } from '../wire/api-result';
import type { FaultMethod, FaultPlan } from './faults';
import type { PricingStreams } from './pricing-stream';

/** The unauthenticated /sim/* surface that lets tests running the simulator as a process inject faults. */
export function handleControl(method: string, path: string, body: unknown, faults: FaultPlan, streams: PricingStreams): ApiResult {
  const request = (body ?? {}) as Record<string, unknown>;
  if (method === 'GET' && path === '/sim/health') return ok({ status: 'ok' });
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
  return apiError(404, `No simulator control endpoint ${method} ${path}`);
}
