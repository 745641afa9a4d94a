import { Client, Connection } from '@temporalio/client';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  namespace: string;
  /** Resolves when the frontend describes our namespace; rejects otherwise. */
  describeNamespace(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A lazy connection: the process starts even while Temporal is still coming up, and every call connects (or
 * reconnects) on demand, so /ready can report Temporal as the failing dependency instead of the process crashing.
 */
export function createTemporalClient(address: string, namespace: string): TemporalClientHandle {
  const connection = Connection.lazy({ address });
  const client = new Client({ connection, namespace });
  return {
    client,
    connection,
    namespace,
    describeNamespace: () => connection.workflowService.describeNamespace({ namespace }),
    close: () => connection.close(),
  };
}

/** The Temporal Web UI page of one workflow run. */
export function workflowRunUrl(uiUrl: string, namespace: string, workflowId: string, runId: string): string {
  const base = uiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}
