import type { AccuracyBenchResult } from './accuracy.js';
import type { ServeThroughputResult } from './serve-throughput.js';

/** The targets, printed beside the figures. */
export const TARGETS = Object.freeze({
  referenceAccuracy: 0.9,
  strongAccuracy: 0.93,
  strongTrainMinutes: 30,
  serveRatio: 0.8,
});

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** One labelled line: scenario, figure name, value. */
function line(scenario: string, label: string, value: string): string {
  return `${scenario.padEnd(20)}${label.padEnd(28)}${value}\n`;
}

/** The figures of an accuracy run, with the target for its recipe. */
export function accuracyLines(scenario: string, result: AccuracyBenchResult): string {
  const target = result.recipe === 'strong' ? TARGETS.strongAccuracy : TARGETS.referenceAccuracy;
  const minutes = result.trainSeconds / 60;
  const threads = result.threads === undefined ? '' : ` ${result.threads} thread(s)`;
  let text =
    line(
      scenario,
      'test accuracy',
      `${result.accuracy.toFixed(4)} on ${result.n} test images (target >= ${target}: ${verdict(result.accuracy >= target)})`,
    ) +
    line(scenario, 'test macro F1', result.macroF1.toFixed(4)) +
    line(
      scenario,
      'training',
      `${result.epochs} epochs x ${result.trainExamples} images, batch ${result.batchSize}: ` +
        `${result.trainSeconds.toFixed(0)} s = ${minutes.toFixed(1)} min, ${result.samplesPerSecond.toFixed(0)} images/s, ${result.backend}${threads}`,
    ) +
    line(scenario, 'whole run', `${result.wallSeconds.toFixed(0)} s (loading, training, evaluating, saving)`);
  if (result.recipe === 'strong' && !result.shortened) {
    text += line(
      scenario,
      'training time target',
      `< ${TARGETS.strongTrainMinutes} min: ${verdict(result.wallSeconds / 60 < TARGETS.strongTrainMinutes)} ` +
        `(whole run ${(result.wallSeconds / 60).toFixed(1)} min)`,
    );
  }
  return text;
}

/** The figures of a serving run. */
export function serveLines(scenario: string, result: ServeThroughputResult): string {
  const { http } = result;
  return (
    result.batched
      .map((b) => line(scenario, `in-process batch ${b.batchSize}`, `${b.throughput.toFixed(0)} images/s`))
      .join('') +
    line(
      scenario,
      'POST /v1/classify',
      `${http.throughput.toFixed(0)} requests/s (1 image each), ${http.clients} clients, ` +
        `${http.seconds.toFixed(1)} s, ${http.requests} requests, ${http.errors} errors`,
    ) +
    line(scenario, 'latency', `p50 ${http.p50Ms.toFixed(1)} ms, p99 ${http.p99Ms.toFixed(1)} ms`) +
    line(
      scenario,
      'HTTP / best in-process',
      `${result.ratio.toFixed(2)} (target >= ${TARGETS.serveRatio}: ${verdict(result.ratio >= TARGETS.serveRatio)})`,
    )
  );
}

/** How busy the machine was: the figures only mean something on a quiet one. */
export function machineLine(when: string, load: readonly number[], cores: number): string {
  return line(
    'machine',
    `load average ${when}`,
    `${load.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min), ${cores} cores`,
  );
}
