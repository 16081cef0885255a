// A local HTTP server for web-source tests (127.0.0.1, a free port), closed after the test file: routes answer with
// fixed responses or handlers, and every request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface Reply {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
}
export type Route = Reply | ((request: IncomingMessage, response: ServerResponse, server: WebServer) => void);

export interface WebServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  /** Requests seen, in order: method, path with query, headers. */
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  /** Routes by path (with query, else without), changeable while the server runs. */
  routes: Record<string, Route>;
  close(): Promise<void>;
}

const open: Server[] = [];
afterAll(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

export async function webServer(routes: Record<string, Route> = {}): Promise<WebServer> {
  const self: WebServer = {
    origin: '',
    requests: [],
    routes,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    self.requests.push({ path: url, headers: request.headers });
    const route = self.routes[url] ?? self.routes[url.split('?')[0]!];
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof route === 'function') {
      route(request, response, self);
    } else {
      response.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body ?? '');
    }
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}

/** A port where nothing listens (a server was there and is closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
