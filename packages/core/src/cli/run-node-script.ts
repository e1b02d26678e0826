import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** How a child process ended: its exit code and everything it wrote. */
export interface ScriptOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node.js script (a built CLI, say) in a child process with the current Node.js and
 * resolves with its exit code and output; a non-zero exit resolves too, so that a test can assert
 * on it. Output is buffered up to 16 MiB.
 */
export async function runNodeScript(script: string, args: readonly string[]): Promise<ScriptOutcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [script, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as ScriptOutcome;
    return { code, stdout, stderr };
  }
}
