/**
 * Client order ids for workflow orders: the same workflow, step and instrument always give the same id, so a retried
 * or replayed placement finds the order it already placed instead of placing a second one.
 */
export const MAX_CLIENT_ORDER_ID_LENGTH = 128;

const UNSAFE = /[^A-Za-z0-9_.-]+/g;

/** FNV-1a, 32-bit: a short, stable digest that keeps long ids unique when they have to be shortened. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `<prefix>-<workflowId>-<step...>` with every character outside [A-Za-z0-9_.-] replaced by '_'. An id longer than
 * OANDA allows keeps its head and gets a digest of the whole unshortened id as its tail.
 */
export function workflowClientOrderId(prefix: string, workflowId: string, ...steps: Array<string | number>): string {
  if (workflowId.length === 0) throw new RangeError('a client order id needs a workflow id');
  const raw = [prefix, workflowId, ...steps.map(String)].join('-');
  const safe = raw.replace(UNSAFE, '_');
  if (safe.length <= MAX_CLIENT_ORDER_ID_LENGTH) return safe;
  const digest = fnv1a(raw);
  return `${safe.slice(0, MAX_CLIENT_ORDER_ID_LENGTH - digest.length - 1)}~${digest}`;
}
