import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FASHION_MNIST_SAMPLE_DIR } from '@scenarios/core/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidImage } from './test-support/images.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/** Runs `start` and resolves once it prints the address it serves on. */
function start(...args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, 'start', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((done) =>
    child.on('exit', (code, signal) => {
      if (code !== 0) process.stderr.write(`start exited with ${code ?? signal}:\n${stderr}\n`);
      done(code);
    }),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stdout: () => stdout, exit });
    });
    void exit.then((code) => reject(new Error(`start exited with ${code}:\n${stderr}`)));
  });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-start-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('image-classification start (the main job)', () => {
  const model = () => join(root, 'model');

  it('trains when there is no model, serves it, and stops cleanly on SIGTERM', async () => {
    const server = await start(
      '--model',
      model(),
      '--data',
      FASHION_MNIST_SAMPLE_DIR,
      '--limit',
      '300',
      '--epochs',
      '1',
    );
    try {
      expect(server.stdout()).toMatch(/trained fashion-mnist-reference-cnn on Fashion-MNIST: test accuracy 0\.\d{4}/);
      expect(existsSync(join(model(), 'manifest.json'))).toBe(true);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const png = await solidImage({ rgb: [200, 200, 200], format: 'png', width: 28, height: 28 });
      const answer = await fetch(`${server.url}/v1/classify`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: png,
      });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { predictions: { label: string; probability: number }[] };
      expect(body.predictions).toHaveLength(5);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exit).toBe(0);
  });

  it('serves the existing model without training again', async () => {
    const server = await start('--model', model(), '--data', FASHION_MNIST_SAMPLE_DIR);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stdout()).not.toContain('trained');
    expect(server.stdout()).toContain(`serving ${model()}`);
  });

  it('refuses a directory that holds something other than a model, leaving it alone', async () => {
    const other = join(root, 'notes');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    const refused = spawn(process.execPath, [cli, 'start', '--model', other, '--port', '0'], { stdio: 'pipe' });
    let stderr = '';
    refused.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((done) => refused.on('exit', done));
    expect(code).toBe(2);
    expect(stderr).toContain('is not a model directory');
    expect(existsSync(join(other, 'notes.txt'))).toBe(true);
  });
});
