/**
 * A TCP proxy in front of PostgreSQL for tests that count round trips: it
 * holds every server → client chunk back for `delayMs`, so a client that
 * waits for an answer before writing again is seen as a new burst of
 * client data after a silence. `bursts()` = round trips the client started.
 */
import net from 'node:net';

export interface WireProxy {
  /** `databaseUrl` rewritten to go through the proxy. */
  url(databaseUrl: string): string;
  /** Client bursts (writes after a silence of at least half the delay) since the last reset. */
  bursts(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startWireProxy(
  target: { host: string; port: number },
  delayMs = 120,
): Promise<WireProxy> {
  let bursts = 0;
  let lastClientData = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk) => {
      const now = performance.now();
      if (now - lastClientData >= delayMs / 2) bursts++;
      lastClientData = now;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, delayMs);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', () => setTimeout(end, delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    bursts: () => bursts,
    reset() {
      bursts = 0;
      lastClientData = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
