import { buildReferenceCnn } from '@scenarios/core/models';
import { saveModelDir } from '@scenarios/core/persistence';
import { type Classifier, loadClassifier, SCENARIO } from '../classifier.js';
import { preprocessingFor } from '../model.js';

/** Ten made-up class names. */
export const TEST_LABELS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];

/**
 * An untrained reference CNN for 28x28 grayscale images (seeded, so its outputs are fixed), saved to
 * `dir` as `train` would save it and loaded back with `loadClassifier`.
 */
export async function savedClassifier(dir: string): Promise<Classifier> {
  const model = buildReferenceCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 5 });
  await saveModelDir(dir, {
    model,
    manifest: {
      scenario: SCENARIO,
      model: { name: 'test-cnn', version: '7' },
      preprocessing: { ...preprocessingFor([28, 28, 1]) },
      labels: TEST_LABELS,
      training: { config: { recipe: 'reference-cnn' }, seed: 5 },
    },
  });
  model.dispose();
  return loadClassifier(dir);
}
