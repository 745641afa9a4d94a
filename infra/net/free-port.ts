import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { once } from 'node:events';

/**
 * A TCP port the OS reports free right now on `host`. Before returning, the port is parked in TIME_WAIT (a
 * connection to it, closed from the listening side first), so the kernel does not hand it out again to anyone
 * binding port 0 for about a minute, while an explicit bind to it still succeeds (SO_REUSEADDR). Without that,
 * a Temporal dev server asked to listen here could pick the very same port for one of its own listeners.
 * Another process that names the port explicitly may still take it before the caller binds.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  server.unref();
  await listenOnAnyPort(server, host);
  try {
    const { port } = server.address() as AddressInfo;
    await parkInTimeWait(server, host, port);
    return port;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function listenOnAnyPort(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function parkInTimeWait(server: Server, host: string, port: number): Promise<void> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect({ host, port });
  await once(client, 'connect');
  const [serverSide] = await accepted;
  const clientSawEnd = once(client, 'end');
  const bothClosed = Promise.all([once(client, 'close'), once(serverSide, 'close')]);
  serverSide.end(); // the side that closes first is the one left in TIME_WAIT, and it holds `port`
  await clientSawEnd;
  client.end();
  await bothClosed;
}

/** True when nothing listens on `host:port` (binding it succeeds). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when a TCP connection to `host:port` is accepted within `timeoutMs`: something listens there. */
export function isAcceptingConnections(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (accepting: boolean): void => {
      socket.destroy();
      resolve(accepting);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
