import { createConnection, createServer, type Server, type Socket } from 'node:net';

const SSL_REQUEST = 80877103;

/**
 * A loopback TCP relay in front of PostgreSQL that reads the frontend protocol and counts what the
 * client really sent: `Execute` (extended protocol) and `Query` (simple protocol) messages, and `Parse`.
 * The server's answers pass through untouched. It is the test's own witness of the wire, independent
 * of any counter inside the service.
 */
export class PgWireCounter {
  executes = 0;
  simpleQueries = 0;
  parses = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly upstream: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  /** Messages that run a statement. */
  get statements(): number {
    return this.executes + this.simpleQueries;
  }

  private relay(client: Socket): void {
    const server = createConnection(this.upstream);
    this.sockets.add(client).add(server);
    let buffered = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (startup) {
          // Startup, SSL and cancel requests carry no type byte: int32 length, int32 code.
          if (buffered.length < 8) break;
          const len = buffered.readInt32BE(0);
          if (buffered.length < len) break;
          startup = buffered.readInt32BE(4) === SSL_REQUEST;
          buffered = buffered.subarray(len);
          continue;
        }
        if (buffered.length < 5) break;
        const len = buffered.readInt32BE(1);
        if (buffered.length < 1 + len) break;
        const type = String.fromCharCode(buffered[0]!);
        if (type === 'E') this.executes++;
        else if (type === 'Q') this.simpleQueries++;
        else if (type === 'P') this.parses++;
        buffered = buffered.subarray(1 + len);
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
