import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../cli/child-server.js';
import { runNodeScript } from '../cli/run-node-script.js';

// The child scripts run the built module, as a deployed CLI would (turbo builds before testing).
const MODULE = new URL('../../dist/serving/cluster-serve.js', import.meta.url).href;

/** A server answering every request with its process id, or failing to start when asked to. */
const SCRIPT = `
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { serveInCluster } from '${MODULE}';
const processes = Number(process.argv[2]);
await serveInCluster({
  processes,
  graceMs: 2000,
  start: async () => {
    if (process.argv[3] === 'fail') throw new Error('cannot load the model');
    if (process.argv[3] === 'fail-one') {
      if (cluster.worker.id === 1) throw new Error('cannot load the model');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const server = createServer((req, res) => res.end(String(process.pid)));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: 'http://127.0.0.1:' + server.address().port,
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  },
  onListening: (url) => process.stderr.write('serving on ' + url + '\\n'),
});
process.stderr.write('stopped ' + process.pid + '\\n');
`;

/** GET / on a new connection each time, so that the cluster may hand each to another process. */
function pidOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let script: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cluster-serve-'));
  script = join(dir, 'server.mjs');
  await writeFile(script, SCRIPT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serveInCluster', () => {
  it('serves one port from several processes, and stops them all on SIGTERM', async () => {
    const server = await startChildServer({ cli: script, args: ['2'] });
    const pids = new Set<string>();
    for (let i = 0; i < 8; i++) pids.add(await pidOf(server.url));
    expect(pids.size).toBe(2);
    await server.stop();
    // Every worker is gone once the primary has exited.
    for (const pid of pids) expect(() => process.kill(Number(pid), 0)).toThrow();
  }, 30_000);

  it('serves from this process when one process is asked for', async () => {
    const server = await startChildServer({ cli: script, args: ['1'] });
    const pids = new Set<string>();
    for (let i = 0; i < 4; i++) pids.add(await pidOf(server.url));
    expect(pids.size).toBe(1);
    await server.stop();
  }, 30_000);

  it('fails, with the reason, when a process cannot start', async () => {
    const outcome = await runNodeScript(script, ['2', 'fail']);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/cannot load the model/);
    expect(outcome.stderr).toMatch(/server process \d+ could not start: cannot load the model/);
    expect(outcome.stderr).not.toMatch(/serving on/);
  }, 30_000);

  it('stops a process that is still starting when another fails', async () => {
    const outcome = await runNodeScript(script, ['2', 'fail-one']);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/could not start: cannot load the model/);
    expect(outcome.stderr).not.toMatch(/serving on/);
  }, 30_000);
});
