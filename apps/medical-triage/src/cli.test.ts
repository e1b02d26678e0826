import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript } from '@scenarios/core/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatDicom, greyImage, TEST_PATIENT } from './test-support/images.js';
import { writeSyntheticMedmnist } from './test-support/medmnist-files.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const run = (...args: string[]) => runNodeScript(cli, args);

let root: string;
const data = () => join(root, 'pneumoniamnist.npz');
const modelDir = () => join(root, 'model');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'triage-cli-'));
  await writeSyntheticMedmnist(data(), {
    train: { count: 96, label: (i) => [i % 4 === 0 ? 0 : 1] },
    val: { count: 40 },
    test: { count: 40 },
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('medical-triage CLI', () => {
  it('train saves a model directory and prints the test figures', async () => {
    const out = await run('train', '--data', data(), '--out', modelDir(), '--epochs', '2', '--widths', '4,8');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^saved pneumoniamnist-triage version \S+ to .* test ROC-AUC \d\.\d{4}, accuracy/);
    expect(existsSync(join(modelDir(), 'triage.json'))).toBe(true);
  });

  it('evaluate --json prints one object with the contract keys', async () => {
    const out = await run('evaluate', '--model', modelDir(), '--data', data(), '--json');
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({ scenario: 'medical-triage', dataset: 'pneumoniamnist', split: 'test', n: 40 });
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining(['roc_auc', 'accuracy', 'ece', 'ece_uncalibrated', 'urgent', 'not_routine']),
    );
    expect(typeof result.backend).toBe('string');
    const text = await run('evaluate', '--model', modelDir(), '--data', data(), '--split', 'val');
    expect(text.stdout).toMatch(/pneumoniamnist val: n 40/);
    expect(text.stdout).toMatch(/urgent \(p >= [\d.]+\): sensitivity/);
  });

  it('predict triages DICOM and PNG files and says it is not for diagnostic use', async () => {
    const dicom = join(root, 'study.dcm');
    const png = join(root, 'study.png');
    await writeFile(dicom, flatDicom({ mean: 0.5 }));
    await writeFile(png, await greyImage({ level: 120, format: 'png' }));
    const out = await run('predict', '--model', modelDir(), '--json', dicom, png);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.notice).toMatch(/not for diagnostic use/i);
    expect(result.results.map((r: { path: string; format: string }) => [r.path, r.format])).toEqual([
      [dicom, 'dicom'],
      [png, 'png'],
    ]);
    expect(out.stdout).not.toContain(TEST_PATIENT.id);
    const text = await run('predict', '--model', modelDir(), dicom);
    expect(text.stdout).toMatch(/study\.dcm: (urgent|review|routine) p=\d\.\d{4}/);
    expect(text.stderr).toMatch(/not for diagnostic use/i);
  });

  it.each([
    [['train', '--out', 'x'], '--data is required'],
    [['train', '--data', 'x', '--out', 'y', '--widths', '4,a'], '--widths must be positive integers'],
    [['evaluate', '--model', 'm', '--data', 'd', '--split', 'dev'], '--split must be one of train, val, test'],
    [['predict', '--model', 'm'], 'give at least one DICOM, PNG or JPEG file'],
    [['frobnicate'], 'unknown command'],
  ])('exits 2 with a message for bad usage: %j', async (args, message) => {
    const out = await run(...args);
    expect({ args, code: out.code }).toEqual({ args, code: 2 });
    expect(out.stderr).toContain(message);
  });

  it('exits 2 for a file that is not an image, naming it', async () => {
    const bogus = join(root, 'bogus.dcm');
    await writeFile(bogus, 'not a dicom');
    const out = await run('predict', '--model', modelDir(), bogus);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('bogus.dcm');
  });

  it('serve triages over HTTP into the audit database given by flag and drains on SIGTERM', async () => {
    const auditDb = join(root, 'audit', 'trail.sqlite');
    const child = spawn(process.execPath, [cli, 'serve', '--model', modelDir(), '--port', '0', '--audit-db', auditDb], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MEDICAL_TRIAGE_AUDIT_TOKEN: 'cli-token' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
      child.stderr.on('data', () => {
        const match = stderr.match(/serving on (http:\/\/\S+),/);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1] as string);
        }
      });
    });
    const triage = await fetch(`${url}/v1/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: flatDicom({ mean: 0.5 }),
    });
    expect(triage.status).toBe(200);
    const audit = await fetch(`${url}/v1/audit`, { headers: { authorization: 'Bearer cli-token' } });
    expect(((await audit.json()) as { entries: unknown[] }).entries).toHaveLength(1);
    expect(existsSync(auditDb)).toBe(true);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(TEST_PATIENT.id);
    expect(stderr).not.toContain(TEST_PATIENT.name);
  });
});
