import { Client, Connection } from '@temporalio/client';
import type { TemporalConnectionOptions } from './temporal-connection';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  namespace: string;
  /** Resolves when the frontend describes our namespace within timeoutMs; rejects otherwise. */
  describeNamespace(timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A lazy connection: the process starts even while Temporal is still coming up, and every call connects (or
 * reconnects) on demand, so /ready can report Temporal as the failing dependency instead of the process crashing.
 */
export function createTemporalClient(options: TemporalConnectionOptions, namespace: string): TemporalClientHandle {
  const connection = Connection.lazy(options);
  const client = new Client({ connection, namespace });
  const inFlight = new Set<Promise<unknown>>();
  return {
    client,
    connection,
    namespace,
    describeNamespace(timeoutMs) {
      // A deadline on the call itself bounds the client's retries of an unavailable server.
      const call = connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
      const settled = call.catch(() => undefined).finally(() => inFlight.delete(settled));
      inFlight.add(settled);
      return call;
    },
    async close() {
      // A retry still scheduled when the channel closes would throw from a timer and crash the process.
      await Promise.all(inFlight);
      await connection.close();
    },
  };
}

/** The Temporal Web UI page of one workflow run. */
export function workflowRunUrl(uiUrl: string, namespace: string, workflowId: string, runId: string): string {
  const base = uiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}
