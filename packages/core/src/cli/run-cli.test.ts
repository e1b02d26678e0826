import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { type CommandIo, integerFlag, numberFlag, parseFlags, required } from './args.js';
import { runCli } from './run-cli.js';
import { runNodeScript } from './run-node-script.js';

function capture(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    logger: silentLogger,
    out: () => out,
    err: () => err,
  };
}

const greet = async (args: string[], io: CommandIo): Promise<number> => {
  const { values } = parseFlags(args, { name: { type: 'string' }, times: { type: 'string' } });
  const times = integerFlag('times', values.times, 1) ?? 1;
  io.stdout.write(`${`hello ${required('name', values.name)}\n`.repeat(times)}`);
  return 0;
};
const fail = async (): Promise<number> => {
  throw new ScenarioError('DATA_NOT_FOUND', 'no data in /nowhere');
};
const crash = async (): Promise<number> => {
  throw new Error('bug');
};
const commands = { greet, fail, crash };

describe('runCli', () => {
  it('runs the verb with its flags and returns its exit code', async () => {
    const io = capture();
    expect(await runCli(['greet', '--name', 'Ada', '--times', '2'], { commands, usage: 'usage: x greet', io })).toBe(0);
    expect(io.out()).toBe('hello Ada\nhello Ada\n');
    expect(io.err()).toBe('');
  });

  it('prints the usage for --help anywhere and exits 0', async () => {
    for (const argv of [['--help'], ['help'], ['greet', '-h']]) {
      const io = capture();
      expect(await runCli(argv, { commands, usage: 'usage: x greet', io })).toBe(0);
      expect(io.out()).toBe('usage: x greet\n');
    }
  });

  it('answers bad usage with exit code 2, the message and the usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /give a command/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['greet'], /--name is required/],
      [['greet', '--name', 'Ada', '--times', '0'], /--times must be an integer >= 1, got 0/],
      [['greet', '--nmae', 'Ada'], /Unknown option '--nmae'/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      expect(await runCli(argv, { commands, usage: 'usage: x greet', io })).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).toContain('usage: x greet');
      expect(io.out()).toBe('');
    }
  });

  it("maps a command's ScenarioError to its exit code, without the usage", async () => {
    const io = capture();
    expect(await runCli(['fail'], { commands, usage: 'usage: x greet', io })).toBe(2);
    expect(io.err()).toBe('error: no data in /nowhere\n');
  });

  it('exits 1 on an unexpected error', async () => {
    const io = capture();
    expect(await runCli(['crash'], { commands, usage: 'usage: x greet', io })).toBe(1);
    expect(io.err()).toMatch(/^error: /);
  });
});

describe('numberFlag', () => {
  it('parses numbers within the range and rejects the rest', () => {
    expect(numberFlag('lr', '0.002', { min: 0 })).toBe(0.002);
    expect(numberFlag('lr', undefined)).toBeUndefined();
    expect(() => numberFlag('lr', 'abc')).toThrow(/--lr must be a number/);
    expect(() => numberFlag('threshold', '1.5', { min: 0, max: 1 })).toThrow(/in \[0, 1\], got 1.5/);
    expect(() => numberFlag('lr', '')).toThrow(/--lr must be a number/);
  });
});

describe('runNodeScript', () => {
  it("resolves with a script's exit code and output, also when it fails", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-node-script-'));
    try {
      const script = join(dir, 'script.mjs');
      await writeFile(
        script,
        "process.stdout.write(process.argv.slice(2).join(' ')); process.stderr.write('oops'); process.exitCode = 3;",
      );
      expect(await runNodeScript(script, ['a', 'b'])).toEqual({ code: 3, stdout: 'a b', stderr: 'oops' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
