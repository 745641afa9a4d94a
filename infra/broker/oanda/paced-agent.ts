import http from 'node:http';
import https from 'node:https';
import type { ConnectionBudget } from '../rest-call-budget';

/**
 * A keep-alive agent that opens each new connection only when `budget` admits it (Node's agent takes a socket handed
 * to createConnection's callback later). Node binds the request that asked for a socket to that socket, so a request
 * may wait for its connection's turn while another socket frees up: keep `maxSockets` small enough that the last
 * connection of a cold burst is admitted well inside a request's deadline.
 */
export function pacedAgent(ssl: boolean, maxSockets: number, budget?: ConnectionBudget): http.Agent {
  const agent = ssl ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
  if (!budget) return agent;
  const open = agent.createConnection.bind(agent);
  agent.createConnection = (options, whenOpen) => {
    budget.acquire().then(() => {
      const socket = open(options);
      if (socket) whenOpen?.(null, socket);
    }).catch((error: unknown) => whenOpen?.(error as Error, undefined as never));
    return undefined;
  };
  return agent;
}
