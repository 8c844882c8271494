/**
 * A TCP proxy in front of PostgreSQL for tests that count round trips: it
 * holds every server → client chunk back for `delayMs`, so a client that
 * waits for an answer before writing again is seen as a new burst of
 * client data after a silence. `bursts()` = round trips the client started
 * (across all its connections: parallel ones overlap into one);
 * `connectionBursts()` = round trips summed over connections (two sessions
 * each waiting once count two). `statements()` = the SQL of every statement
 * the client ran (each Execute of the extended protocol, each simple Query),
 * read from the frontend messages; `trace()` the same statements grouped by
 * the client burst (round trip) that wrote them.
 */
import net from 'node:net';

export interface WireStatement {
  sql: string;
  trip: number;
}

export interface WireProxy {
  /** `databaseUrl` rewritten to go through the proxy. */
  url(databaseUrl: string): string;
  /** Client bursts (writes after a silence of at least half the delay) since the last reset. */
  bursts(): number;
  /** Round trips summed over connections since the last reset. */
  connectionBursts(): number;
  /**
   * Each statement run since the last reset, in order of arrival: its SQL text and the round trip it
   * was written in (`trip`: one number per connection burst; statements written together share it).
   */
  statements(): WireStatement[];
  /** The statements each client burst since the last reset ran, in order (one array per round trip). */
  trace(): string[][];
  reset(): void;
  close(): Promise<void>;
}

export async function startWireProxy(
  target: { host: string; port: number },
  delayMs = 120,
): Promise<WireProxy> {
  let bursts = 0;
  let lastClientData = 0;
  let perConnection = 0;
  let statements: WireStatement[] = [];
  let trips = 0;
  let trace: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let trip = 0;
    const reader = frontendReader((sql) => {
      statements.push({ sql, trip });
      trace[trace.length - 1]?.push(sql);
    });
    let lastHere = 0;
    client.on('data', (chunk) => {
      const now = performance.now();
      if (now - lastClientData >= delayMs / 2) {
        bursts++;
        trace.push([]);
      }
      if (now - lastHere >= delayMs / 2) {
        perConnection++;
        trip = ++trips;
      }
      lastClientData = now;
      lastHere = now;
      reader(chunk);
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
    connectionBursts: () => perConnection,
    statements: () => [...statements],
    trace: () => trace.map((b) => [...b]),
    reset() {
      bursts = 0;
      lastClientData = 0;
      perConnection = 0;
      statements = [];
      trace = [];
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Reads one connection's frontend messages (PostgreSQL protocol 3): the untyped startup (and SSL request)
 * first, then typed messages. Parse ('P') names statement texts, Bind ('B') picks one, Execute ('E') runs
 * it; a simple Query ('Q') runs its text. Calls `ran` with the text of each statement run.
 */
function frontendReader(ran: (sql: string) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  let started = false;
  const named = new Map<string, string>();
  let bound = '';
  const cstring = (b: Buffer, at: number): [string, number] => {
    const end = b.indexOf(0, at);
    return [b.toString('utf8', at, end), end + 1];
  };
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        // 80877103: SSLRequest, answered before the real startup message.
        if (buf.readInt32BE(4) !== 80877103) started = true;
        buf = buf.subarray(len);
        continue;
      }
      if (buf.length < 5) return;
      const type = String.fromCharCode(buf[0]!);
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      const body = buf.subarray(5, 1 + len);
      buf = buf.subarray(1 + len);
      if (type === 'P') {
        const [name, at] = cstring(body, 0);
        named.set(name, cstring(body, at)[0]);
      } else if (type === 'B') {
        const [, at] = cstring(body, 0);
        bound = named.get(cstring(body, at)[0]) ?? '?';
      } else if (type === 'E') ran(bound);
      else if (type === 'Q') ran(cstring(body, 0)[0]);
    }
  };
}
