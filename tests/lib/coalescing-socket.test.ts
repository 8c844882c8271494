/**
 * The pool's sockets (src/lib/db/coalescing-socket.ts): what is written in one
 * tick leaves in one system call, so the server reads it as one chunk; bytes
 * and order are unchanged, and a later tick's write is not held back.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalescingSocket } from '../../src/lib/db/coalescing-socket.js';

let server: net.Server;
let port = 0;
const chunks: Buffer[] = [];

beforeAll(async () => {
  server = net.createServer((c) => c.on('data', (d) => chunks.push(d)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function connected(socket: net.Socket): Promise<net.Socket> {
  socket.setNoDelay(true);
  socket.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  return socket;
}
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('coalescingSocket', () => {
  it('sends three writes of one tick as one chunk, in order', async () => {
    const s = await connected(coalescingSocket());
    chunks.length = 0;
    s.write('begin;');
    s.write(Buffer.from('select 1;'));
    s.write('commit;');
    await settle();
    expect(chunks.map(String)).toEqual(['begin;select 1;commit;']);
    s.destroy();
  });

  it("holds a tick's writes corked until the tick ends, then lets a later tick's write go", async () => {
    const s = await connected(coalescingSocket());
    chunks.length = 0;
    s.write('a');
    s.write('b');
    // Corked for the rest of this tick (a plain socket reports 0 here) …
    expect(s.writableCorked).toBe(1);
    await new Promise((r) => setImmediate(r));
    // … and uncorked once it ends.
    expect(s.writableCorked).toBe(0);
    await settle();
    s.write('c');
    expect(s.writableCorked).toBe(1);
    await settle();
    expect(chunks.map(String).join('')).toBe('abc');
    expect(new net.Socket().writableCorked).toBe(0);
    s.destroy();
  });
});
