import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { findFreePort, isAcceptingConnections, isPortFree } from '../../../infra/net/free-port';
import { isTemporalAnswering } from '../../../infra/temporal/dev-server';

/** A plain TCP listener; close() also drops open connections, which a half-open gRPC probe would otherwise keep. */
function listen(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const close = (): Promise<void> => new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ close }));
  });
}

describe('port helpers', () => {
  it('finds a port that is free, sees it taken while a server listens and free again after', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(true);
    expect(await isAcceptingConnections(port)).toBe(false);

    const listener = await listen(port);
    try {
      expect(await isPortFree(port)).toBe(false);
      expect(await isAcceptingConnections(port)).toBe(true);
      // Something listens, but it does not speak Temporal's gRPC.
      expect(await isTemporalAnswering(`127.0.0.1:${port}`, 'default', 500)).toBe(false);
    } finally {
      await listener.close();
    }
    expect(await isPortFree(port)).toBe(true);
  });

  it('rejects an address without a port instead of probing something else', async () => {
    await expect(isTemporalAnswering('localhost')).rejects.toThrow('Temporal address "localhost" is not host:port');
  });
});
