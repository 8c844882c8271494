/**
 * A TCP proxy in front of PostgreSQL for tests that count round trips: it
 * holds every server → client chunk back for `delayMs`, so a client that
 * waits for an answer before writing again is seen as a new burst of
 * client data after a silence. `bursts()` = round trips the client started.
 *
 * It also reads the client's side of the protocol (frontend messages), so
 * `trace()` lists, per round trip, the statements it ran: each Execute (the
 * text of the prepared or unnamed statement bound before it) and each simple
 * Query (its whole text, e.g. `begin; set local …`). Counting statements
 * this way needs no server log and does not depend on load.
 */
import net from 'node:net';

export interface WireProxy {
  /** `databaseUrl` rewritten to go through the proxy. */
  url(databaseUrl: string): string;
  /** Client bursts (writes after a silence of at least half the delay) since the last reset. */
  bursts(): number;
  /** The statements each burst since the last reset ran, in order (one array per round trip). */
  trace(): string[][];
  reset(): void;
  close(): Promise<void>;
}

/** Reads frontend messages off one client connection; calls `onStatement` per Execute / Query. */
function frontendReader(onStatement: (text: string) => void) {
  let buf = Buffer.alloc(0);
  let started = false;
  const prepared = new Map<string, string>();
  let bound = '';
  const cstrings = (b: Buffer, n: number): string[] => {
    const out: string[] = [];
    let at = 0;
    for (let i = 0; i < n; i++) {
      const end = b.indexOf(0, at);
      out.push(b.subarray(at, end).toString('utf8'));
      at = end + 1;
    }
    return out;
  };
  const message = (type: string, body: Buffer) => {
    if (type === 'P') {
      const [name = '', text = ''] = cstrings(body, 2);
      prepared.set(name, text);
    } else if (type === 'B') {
      const [, statement = ''] = cstrings(body, 2);
      bound = prepared.get(statement) ?? `?${statement}`;
    } else if (type === 'E') {
      onStatement(bound);
    } else if (type === 'Q') {
      onStatement(cstrings(body, 1)[0] ?? '');
    }
  };
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        // SSLRequest / GSSENCRequest are followed by the real startup message.
        const code = buf.readInt32BE(4);
        if (code !== 80877103 && code !== 80877104) started = true;
        buf = buf.subarray(len);
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      message(String.fromCharCode(buf[0]!), buf.subarray(5, 1 + len));
      buf = buf.subarray(1 + len);
    }
  };
}

export async function startWireProxy(
  target: { host: string; port: number },
  delayMs = 120,
): Promise<WireProxy> {
  let bursts = 0;
  let lastClientData = 0;
  let trace: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const read = frontendReader((text) => trace[trace.length - 1]?.push(text));
    client.on('data', (chunk) => {
      const now = performance.now();
      if (now - lastClientData >= delayMs / 2) {
        bursts++;
        trace.push([]);
      }
      lastClientData = now;
      read(chunk);
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
    trace: () => trace.map((b) => [...b]),
    reset() {
      bursts = 0;
      lastClientData = 0;
      trace = [];
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
