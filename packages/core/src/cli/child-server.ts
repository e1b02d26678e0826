import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ScenarioError } from '../errors.js';

export interface ChildServerOptions {
  /** The built CLI to run with Node, for example an app's `dist/cli.js`. */
  cli: string;
  /** Its arguments, for example `['serve', '--model', dir, '--port', '0']`. */
  args: readonly string[];
  /** Extra environment, such as `TFJS_WASM_THREADS`. */
  env?: NodeJS.ProcessEnv;
  /** Give up when the server has not said where it listens by then. Default 60 000 ms. */
  startTimeoutMs?: number;
}

/** A server running in a child process. */
export interface ChildServer {
  url: string;
  /** SIGTERM (the server drains and exits), then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts a CLI's `serve` in a child process, as it would be deployed, and resolves once it has
 * printed `serving on <url>` on stderr. The child's later log lines are read and dropped, so that
 * a full pipe never stalls it. For benchmarks: the load generator then shares no event loop with it.
 */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, [options.cli, ...options.args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const url = await listeningUrl(child, options.startTimeoutMs ?? 60_000);
    return {
      url,
      stop: async () => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(`the server did not start within ${timeoutMs} ms`), timeoutMs);
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new ScenarioError('INTERNAL', `${reason}; its output:\n${text.slice(-2000)}`));
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving on (http:\/\/[^\s,]+)/.exec(text);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // From here on the access log is drained and dropped.
      child.stderr?.off('data', onData).on('data', () => {});
      resolve(match[1] as string);
    };
    const onExit = (code: number | null) => fail(`the server exited with code ${code}`);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
