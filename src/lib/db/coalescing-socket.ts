/**
 * The socket each pooled PostgreSQL connection talks through, given to pg by
 * its documented `stream` option: a plain `net.Socket` whose writes within one
 * tick of the event loop leave as ONE system call. pg writes every query of a
 * pipelined batch (the tenant opening, the statements, the COMMIT) as its own
 * `write`; corked until the tick ends, they go out together (one `writev`,
 * usually one TCP segment) — fewer syscalls per transaction and the same bytes
 * in the same order. Nothing of pg's is touched: only the socket we hand it.
 */
import net from 'node:net';

export function coalescingSocket(): net.Socket {
  const socket = new net.Socket();
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const coalescingWrite = ((...args: unknown[]) => {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as net.Socket['write'];
  // net.Socket#connect puts the prototype's write back on the instance: wrap it again after.
  const connect = socket.connect.bind(socket) as (...args: unknown[]) => net.Socket;
  socket.connect = ((...args: unknown[]) => {
    const connected = connect(...args);
    socket.write = coalescingWrite;
    return connected;
  }) as net.Socket['connect'];
  socket.write = coalescingWrite;
  return socket;
}
