import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file server on 127.0.0.1 for tests. */
export interface StaticServer {
  /** Base URL, such as http://127.0.0.1:40123 */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves fixed bytes by path (404 for anything else) on a free port of 127.0.0.1, standing in for
 * a data set's download site so that the download code runs over real HTTP without the internet.
 */
export async function serveFiles(files: Readonly<Record<string, Uint8Array>>): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files[request.url ?? ''];
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
