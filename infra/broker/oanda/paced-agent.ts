import http from 'node:http';
import https from 'node:https';
import type { ConnectionBudget } from '../rest-call-budget';

/** Node's own count of the agent's sockets, which its limit checks read; it counts a socket only once it is open. */
type CountingAgent = http.Agent & { totalSocketCount: number };

/**
 * A keep-alive agent that opens each new connection only when `budget` admits it (Node's agent takes a socket handed
 * to createConnection's callback later), and never keeps more than `maxSockets`, counting those waiting for their
 * turn: a request beyond them waits for a socket to free up. Node binds the request that asked for a socket to that
 * socket, so keep `maxSockets` small enough that the last connection of a cold burst is admitted well inside a
 * request's deadline.
 */
export function pacedAgent(ssl: boolean, maxSockets: number, budget?: ConnectionBudget): http.Agent {
  const options = { keepAlive: true, maxSockets, maxTotalSockets: maxSockets };
  const agent = (ssl ? new https.Agent(options) : new http.Agent(options)) as CountingAgent;
  if (!budget) return agent;
  const open = agent.createConnection.bind(agent);
  agent.createConnection = (connectOptions, whenOpen) => {
    // Counted while it waits, or every request in the meantime would ask for a connection of its own.
    agent.totalSocketCount++;
    budget.acquire().finally(() => agent.totalSocketCount--).then(() => {
      const socket = open(connectOptions);
      if (socket) whenOpen?.(null, socket);
    }).catch((error: unknown) => whenOpen?.(error as Error, undefined as never));
    return undefined;
  };
  return agent;
}
