import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { sha256File } from './checksum.js';
import { fileSystemHandler } from './fs-io-handler.js';
import { loadModelDir } from './load-model.js';
import { type ManifestFields, type SavableModel, saveModelDir } from './save-model.js';
import {
  denseModel,
  expectScenarioError,
  leftovers,
  predict,
  useTempDir,
  writeGraphModel,
} from './test-support/fixtures.js';

const fields: ManifestFields = { scenario: 'image-classification', model: { name: 'mlp', version: '1' } };

/** The bytes of every file in a directory, to show it was not touched. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) files[name] = (await readFile(join(dir, name))).toString('base64');
  return files;
}

describe('saveModelDir', () => {
  const root = useTempDir();

  it('writes model.json, weights.bin and a manifest listing both with their sha256 and size', async () => {
    const dir = join(root(), 'model');
    const model = denseModel();
    const started = Date.now();
    const start = tf.memory().numTensors;
    const manifest = await saveModelDir(dir, { model, manifest: fields });
    expect(tf.memory().numTensors).toBe(start);

    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
    expect(await leftovers(root())).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const name of ['model.json', 'weights.bin']) {
      expect(manifest.files[name]).toEqual({
        sha256: await sha256File(join(dir, name)),
        size: (await stat(join(dir, name))).size,
      });
    }
    expect(manifest.files['weights.bin']?.size).toBe(67 * 4);
    expect(manifest.format_version).toBe(1);
    expect(manifest.tfjs_version).toBe(tf.version.tfjs);
    expect(manifest.backend.name).toBe(tf.getBackend());
    // wasm and cpu are versioned with tfjs itself; a native binding reports its package instead.
    if (manifest.backend.name !== 'tensorflow') expect(manifest.backend.version).toBe(tf.version.tfjs);
    expect(Date.parse(manifest.created_at)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(manifest.created_at)).toBeLessThanOrEqual(Date.now());
    // Taken from the model when not given.
    expect(manifest.inputs).toEqual([{ name: model.inputs[0]?.name, shape: [null, 4], dtype: 'float32' }]);
    expect(manifest.outputs).toEqual([{ name: model.outputs[0]?.name, shape: [null, 3], dtype: 'float32' }]);
    expect(manifest.preprocessing).toEqual({});
    model.dispose();
  });

  it('lists extra files with their checksums and refuses names that are not plain or are taken', async () => {
    const dir = join(root(), 'model');
    const model = denseModel();
    const manifest = await saveModelDir(dir, { model, manifest: fields, extraFiles: { 'vocab.txt': 'a\nb\n' } });
    expect(await readFile(join(dir, 'vocab.txt'), 'utf8')).toBe('a\nb\n');
    expect(manifest.files['vocab.txt']).toEqual({ sha256: await sha256File(join(dir, 'vocab.txt')), size: 4 });

    for (const name of ['../escape.txt', 'sub/file.txt', 'weights.bin', 'manifest.json']) {
      const other = join(root(), 'other');
      await expectScenarioError(
        saveModelDir(other, { model, manifest: fields, extraFiles: { [name]: 'x' } }),
        'INVALID_ARGUMENT',
        /extra file/,
      );
      expect(await readdir(root())).toEqual(['model']);
    }
    model.dispose();
  });

  it('refuses an invalid manifest before writing anything', async () => {
    const model = denseModel();
    const error = await expectScenarioError(
      saveModelDir(join(root(), 'model'), {
        model,
        manifest: { ...fields, model: { name: 'mlp', version: '' }, metrics: { accuracy: Number.NaN } },
      }),
      'INVALID_ARGUMENT',
      /invalid manifest/,
    );
    const issues = error.details?.issues as string[];
    expect(issues.some((issue) => issue.startsWith('model.version:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('metrics.accuracy:'))).toBe(true);
    expect(await readdir(root())).toEqual([]);
    model.dispose();
  });

  it('refuses an existing directory unless overwrite is set, leaving it intact', async () => {
    const dir = join(root(), 'model');
    const first = denseModel(1);
    await saveModelDir(dir, { model: first, manifest: fields });
    const before = await snapshot(dir);

    const second = denseModel(7);
    const next = { ...fields, model: { name: 'mlp', version: '2' } };
    await expectScenarioError(
      saveModelDir(dir, { model: second, manifest: next }),
      'INVALID_ARGUMENT',
      /already exists/,
    );
    expect(await snapshot(dir)).toEqual(before);
    expect(await leftovers(root())).toEqual([]);

    await saveModelDir(dir, { model: second, manifest: next, overwrite: true });
    expect(await readdir(root())).toEqual(['model']);
    const { model: loaded, manifest } = await loadModelDir(dir);
    expect(manifest.model.version).toBe('2');
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    expect(await predict(loaded, input)).toEqual(await predict(second, input));
    expect(await predict(loaded, input)).not.toEqual(await predict(first, input));
    for (const m of [input, first, second, loaded]) m.dispose();
  });

  it('never replaces a directory that is not a model directory, nor a file', async () => {
    const model = denseModel();
    const notAModel = join(root(), 'home');
    await saveModelDir(join(notAModel, 'inner'), { model, manifest: fields });
    await writeFile(join(notAModel, 'notes.txt'), 'precious');
    await expectScenarioError(
      saveModelDir(notAModel, { model, manifest: fields, overwrite: true }),
      'INVALID_ARGUMENT',
      /not a model directory/,
    );
    expect((await readdir(notAModel)).sort()).toEqual(['inner', 'notes.txt']);

    await writeFile(join(root(), 'file'), 'x');
    await expectScenarioError(
      saveModelDir(join(root(), 'file'), { model, manifest: fields, overwrite: true }),
      'INVALID_ARGUMENT',
      /not a directory/,
    );
    expect(await readFile(join(root(), 'file'), 'utf8')).toBe('x');
    expect(await leftovers(root())).toEqual([]);
    model.dispose();
  });
});

describe('saveModelDir failing midway', () => {
  const root = useTempDir();

  it('removes the temporary directory when the model cannot be saved', async () => {
    const model = denseModel();
    model.dispose();
    await expectScenarioError(saveModelDir(join(root(), 'model'), { model, manifest: fields }), 'INTERNAL', /disposed/);
    expect(await readdir(root())).toEqual([]);
  });

  it('keeps the old model when a save fails after writing files', async () => {
    const dir = join(root(), 'model');
    const model = denseModel();
    await saveModelDir(dir, { model, manifest: fields });
    const before = await snapshot(dir);
    let wrote: string[] = [];
    // A real save through the handler, then the failure a full disk would cause.
    const failing: SavableModel = {
      inputs: model.inputs,
      outputs: model.outputs,
      save: async (handler) => {
        await model.save(handler);
        const temp = (await readdir(root())).find((name) => name.startsWith('model.tmp-'));
        wrote = temp ? await readdir(join(root(), temp)) : [];
        throw new Error('ENOSPC: no space left on device');
      },
    };
    await expectScenarioError(
      saveModelDir(dir, { model: failing, manifest: fields, overwrite: true }),
      'INTERNAL',
      /could not save model .*no space left/,
    );
    expect(wrote.sort()).toEqual(['model.json', 'weights.bin']);
    expect(await readdir(root())).toEqual(['model']);
    expect(await snapshot(dir)).toEqual(before);
    model.dispose();
  });

  it('fails cleanly when a file is in the way of the parent directory', async () => {
    await writeFile(join(root(), 'blocker'), 'x');
    const model = denseModel();
    await expectScenarioError(
      saveModelDir(join(root(), 'blocker', 'model'), { model, manifest: fields }),
      'INVALID_ARGUMENT',
      /could not save model/,
    );
    expect(await readdir(root())).toEqual(['blocker']);
    model.dispose();
  });

  it('saves a graph model loaded from files', async () => {
    await writeGraphModel(join(root(), 'source'));
    const graph = await tf.loadGraphModel(fileSystemHandler(join(root(), 'source')));
    const manifest = await saveModelDir(join(root(), 'model'), { model: graph, manifest: fields });
    expect(manifest.inputs).toEqual([{ name: 'x', shape: [null, 2], dtype: 'float32' }]);
    expect(manifest.outputs).toEqual([{ name: 'y', dtype: 'float32' }]);
    expect(Object.keys(manifest.files).sort()).toEqual(['model.json', 'weights.bin']);
    graph.dispose();
  });
});
