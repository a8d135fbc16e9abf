import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { BackendScheduler } from './backend-scheduler';
import { ClientMessageReader, endsBatch, queryMessage, SYNC_MESSAGE } from './client-messages';
import { fatalErrorMessage, ReadyForQueryTracker } from './server-messages';

/** Options of the wire server. */
export interface PgliteWireServerOptions {
  /** The database to serve; it stays open when the server stops. */
  db: PGlite;
  /** Loopback port; 0 lets the OS pick one. */
  port: number;
  /** Connections served at once; more get a FATAL "too many connections" (53300). */
  maxConnections: number;
}

/** A listening wire server. */
export interface PgliteWireServer {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** Stops listening, drops every client (rolling back what it left open) and waits for the backend to go idle. */
  close(): Promise<void>;
}

/**
 * Serves PGlite (one PostgreSQL backend) over the wire protocol to several clients. A client's
 * messages run in batches up to each Sync, Query, Flush or end of COPY, one batch at a time. A
 * batch that leaves a transaction block open, or a request cycle unfinished, keeps the backend
 * for that client: the others' batches wait until it ends outside a transaction, as statements of
 * other sessions would wait for its locks. A client that disconnects is rolled back.
 */
export async function startPgliteWireServer(options: PgliteWireServerOptions): Promise<PgliteWireServer> {
  const { db } = options;
  const scheduler = new BackendScheduler();
  /** Each connected client's `leave`, which drops it from the scheduler (once). */
  const clients = new Map<Socket, () => Promise<void>>();

  /** Runs the client's messages as one batch; true when the client keeps the backend. */
  const runBatch = (socket: Socket, messages: Uint8Array[]) => async () => {
    const tracker = new ReadyForQueryTracker();
    await db.runExclusive(async () => {
      for (const message of messages) {
        await db.execProtocolRawStream(message, {
          onRawData: (data) => {
            tracker.feed(data);
            if (socket.writable) socket.write(Buffer.from(data));
          },
        });
      }
    });
    return db.isInTransaction() || tracker.readyStatus() === undefined;
  };

  /** Ends what a vanished client left: an unfinished cycle (Sync), then an open transaction. */
  const cleanUp = async () => {
    const discard = { onRawData: () => undefined };
    await db.runExclusive(async () => {
      await db.execProtocolRawStream(SYNC_MESSAGE, discard);
      if (db.isInTransaction()) await db.execProtocolRawStream(queryMessage('ROLLBACK'), discard);
    });
  };

  const serve = (socket: Socket) => {
    socket.setNoDelay(true);
    const reader = new ClientMessageReader();
    let pending: Uint8Array[] = [];
    let left: Promise<void> | undefined;
    const submit = (messages: Uint8Array[]) => {
      scheduler.run(socket, runBatch(socket, messages)).catch(() => {
        // Dropped because the client left, or the backend failed: either way this client is done.
        socket.destroy();
      });
    };
    const leave = () =>
      (left ??= scheduler.drop(socket, cleanUp).then(
        () => void clients.delete(socket),
        () => void clients.delete(socket),
      ));
    clients.set(socket, leave);
    socket.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) {
        switch (message.kind) {
          case 'encryption-request':
            socket.write('N');
            break;
          case 'cancel-request':
          case 'invalid':
            socket.end();
            return;
          case 'startup':
            submit([message.bytes]);
            break;
          case 'typed':
            if (message.type === 'X') {
              socket.end();
              void leave();
              return;
            }
            pending.push(message.bytes);
            if (endsBatch(message.type)) {
              submit(pending);
              pending = [];
            }
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void leave());
  };

  const server: Server = createServer((socket) => {
    if (clients.size >= options.maxConnections) {
      socket.end(fatalErrorMessage('53300', 'sorry, too many clients already'));
      return;
    }
    serve(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  let closing: Promise<void> | undefined;
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const leaving = [...clients].map(([socket, leave]) => {
          socket.destroy();
          return leave();
        });
        await Promise.all([closed, ...leaving]);
        await scheduler.idle();
      })()),
  };
}
