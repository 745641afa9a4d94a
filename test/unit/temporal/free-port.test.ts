import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { findFreePort, isAcceptingConnections, isPortFree } from '../../../infra/net/free-port';
import { isTemporalAnswering } from '../../../infra/temporal/dev-server';

/** A plain TCP listener; close() also drops open connections, which a half-open gRPC probe would otherwise keep. */
function listen(port: number): Promise<{ port: number; close(): Promise<void> }> {
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
    server.listen(port, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close }));
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

  it('keeps the ports it found out of what the kernel hands to anyone binding port 0, as a dev server does', async () => {
    const found = new Set<number>();
    for (let i = 0; i < 20; i += 1) found.add(await findFreePort());
    // Without the TIME_WAIT reservation, 5,000 binds to port 0 handed back about 16 of 20 just-released ports.
    const listeners = await Promise.all(Array.from({ length: 5_000 }, () => listen(0)));
    try {
      expect(listeners.map((listener) => listener.port).filter((port) => found.has(port))).toEqual([]);
    } finally {
      await Promise.all(listeners.map((listener) => listener.close()));
    }
    for (const port of found) expect(await isPortFree(port)).toBe(true);
  });

  it('rejects an address without a port instead of probing something else', async () => {
    await expect(isTemporalAnswering('localhost')).rejects.toThrow('Temporal address "localhost" is not host:port');
  });
});
