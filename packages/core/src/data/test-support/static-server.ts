import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves fixed bytes by path on 127.0.0.1 (404 for anything else), standing in for a data set's
 * download site so that download code runs against real HTTP without the internet.
 * With `hang`, it accepts requests and never answers.
 */
export async function serveFiles(
  files: Record<string, Uint8Array>,
  options: { hang?: boolean } = {},
): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (options.hang) return;
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
