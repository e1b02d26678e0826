import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ScenarioError } from '@scenarios/core';

/** A `serve` process listening on 127.0.0.1. */
export interface SpawnedServer {
  url: string;
  /** SIGTERM, then waits for the process to drain and exit. */
  stop(): Promise<void>;
}

/**
 * Starts `medical-triage serve` (the built CLI beside this file) on a free loopback port in a
 * child process and resolves once it prints its address; refuses after 60 s.
 */
export function spawnServer(options: { model: string; auditDb: string }): Promise<SpawnedServer> {
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--model', options.model, '--port', '0', '--audit-db', options.auditDb],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ScenarioError('INTERNAL', `the server did not start: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving on (http:\/\/\S+),/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        // Keep draining its log so the pipe never fills up.
        stderr = '';
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolve({
          url: match[1] as string,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ScenarioError('INTERNAL', `the server exited with code ${code}: ${stderr}`));
    });
  });
}
