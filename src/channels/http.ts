/**
 * The little of HTTP an adapter needs, so no adapter sees the web framework: an adapter describes its
 * routes with these, the app mounts them (src/http/channel-routes.ts). Errors are thrown as AppError
 * (src/domain/errors.ts) and leave as the API's usual `{ error: { code, message } }`.
 */

/** Header names in lower case, as Node gives them. */
export type HttpHeaders = Record<string, string | string[] | undefined>;

export interface HttpRequest {
  headers: HttpHeaders;
  /** The query string, one value per name (the first, when a name is repeated). */
  query: Record<string, string | undefined>;
  /** The parsed JSON body; undefined for a GET. */
  body: unknown;
  ip: string;
  protocol: 'http' | 'https';
}

export interface HttpResponse {
  /** 200 when unset. */
  status?: number;
  headers?: Record<string, string | string[]>;
  /** A string is sent as it is (set its content-type); anything else leaves as JSON. */
  body?: unknown;
}

/** How many calls one client address may make in a window; beyond it the call is answered 429 (`rate.limited`). */
export interface Budget {
  max: number;
  perMs: number;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Behind the admin token and listed in the API docs; other routes are public and hidden from the docs. */
  admin?: boolean;
  /** Largest body accepted, in bytes (the app's default otherwise). */
  bodyLimit?: number;
  /** One line for the API docs (admin routes). */
  summary?: string;
  /** Calls per client address (the app's default budget otherwise); counted before the guard runs. */
  rateLimit?: Budget;
  /** Runs on the headers before the body is read: a refusal here never parses the body. */
  guard?(req: Omit<HttpRequest, 'body'>): void | Promise<void>;
  handler(req: HttpRequest): Promise<HttpResponse>;
}

/** The little of a WebSocket (the `ws` package's) an adapter uses. */
export interface ChannelSocket {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  ping(): void;
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
  on(event: 'close' | 'error', listener: () => void): void;
}

/** A WebSocket endpoint: `open` gets each upgraded connection with the request that opened it. */
export interface SocketRoute {
  path: string;
  /** Largest message accepted, in bytes. */
  maxPayload: number;
  /** Upgrades per client address (the app's default budget otherwise). */
  rateLimit?: Budget;
  open(socket: ChannelSocket, req: HttpRequest): void;
}

export interface ChannelRoutes {
  http?: HttpRoute[];
  sockets?: SocketRoute[];
}
