import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../cli/child-server.js';
import { runNodeScript } from '../cli/run-node-script.js';
import { until } from './test-support/http-client.js';

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
  restarts: { max: 3, windowMs: 60000 },
  start: async () => {
    // Replacements (workers after the first two) cannot start.
    const replacementFails = ['fail-replacement', 'die-while-starting'].includes(process.argv[3]);
    if (replacementFails && cluster.worker.id > 2) throw new Error('the model is gone');
    if (process.argv[3] === 'fail') throw new Error('cannot load the model');
    if (process.argv[3] === 'die-while-starting') {
      // The first process dies once it listens, while the second is still starting.
      if (cluster.worker.id === 1) setTimeout(() => process.exit(3), 100);
      else await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    if (process.argv[3] === 'fail-one') {
      if (cluster.worker.id === 1) throw new Error('cannot load the model');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // GET /crash kills the process that takes it, as a request hitting a fatal bug would.
    const server = createServer((req, res) => (req.url === '/crash' ? process.exit(3) : res.end(String(process.pid))));
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
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.end();
  });
}

/**
 * The script as a child process, with its URL once it listens, how many processes answer (by
 * asking on fresh connections) and its exit code and output once it ends.
 */
function spawnServer(args: string[]) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let code: number | null | undefined;
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve({ code: exitCode, stderr });
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving on (\S+)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    void exit.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  return {
    url,
    exit,
    exited: () => code !== undefined,
    /** Distinct pids answering 8 requests, 0 when none answers. */
    listening: async () => {
      const pids = new Set<string>();
      for (let i = 0; i < 8; i++) pids.add(await pidOf(await url).catch(() => ''));
      pids.delete('');
      return pids.size;
    },
  };
}

/** The serve ended: a non-zero exit, `reason` on stderr, and nothing listening any more. */
async function expectEndedWith(server: ReturnType<typeof spawnServer>, reason: RegExp): Promise<void> {
  const { code, stderr } = await server.exit;
  expect(code).not.toBe(0);
  expect(stderr).toMatch(reason);
  await expect(pidOf(await server.url)).rejects.toThrow();
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

  it('replaces a process that dies, and keeps serving', async () => {
    const server = await startChildServer({ cli: script, args: ['2'] });
    const before = new Set<string>();
    for (let i = 0; i < 4; i++) before.add(await pidOf(server.url));
    await expect(pidOf(`${server.url}/crash`)).rejects.toThrow();
    const after = new Set<string>();
    const deadline = Date.now() + 10_000;
    // Until the replacement listens, the survivor takes every connection.
    while (after.size < 2 && Date.now() < deadline) after.add(await pidOf(server.url));
    expect(after.size).toBe(2);
    expect([...after].filter((pid) => !before.has(pid))).toHaveLength(1);
    await server.stop();
  }, 30_000);

  it('stops every process and fails, with the reason, when processes keep dying', async () => {
    const server = spawnServer(['2']);
    const url = await server.url;
    // Three replacements are allowed (restarts.max in the script); the fourth death ends the serve.
    // Each crash waits for the replacement: with every process dead the port would close, and the
    // script's replacements (port 0) would listen on another.
    for (let crashes = 0; crashes < 4; crashes++) {
      await expect(pidOf(`${url}/crash`)).rejects.toThrow();
      await until(async () => server.exited() || (await server.listening()) === 2, 20_000);
    }
    await expectEndedWith(server, /server processes died 4 times in 60 s \(the last, pid \d+: 3\); stopping/);
  }, 90_000);

  it('stops every process and fails when a replacement cannot start', async () => {
    const server = spawnServer(['2', 'fail-replacement']);
    const url = await server.url;
    await expect(pidOf(`${url}/crash`)).rejects.toThrow();
    await expectEndedWith(server, /server process \d+ died \(3\) and could not be replaced: .*the model is gone/);
  }, 30_000);

  it('fails the start when a process dies before the others listen and cannot be replaced', async () => {
    const outcome = await runNodeScript(script, ['2', 'die-while-starting']);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/server process \d+ died \(3\) and could not be replaced: .*the model is gone/);
    expect(outcome.stderr).not.toMatch(/serving on/);
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
