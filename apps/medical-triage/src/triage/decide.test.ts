import { describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG } from '../test-support/triage-fixture.js';
import { calibratedProbability, decide } from './decide.js';
import type { TriageConfig } from './triage-config.js';

const shape = { height: 2, width: 2, channels: 1 as const };
/** A flat mid-grey image: mean .5, std 0, roughness 0, well inside the fixture's statistics. */
const plain = Uint8Array.of(128, 128, 128, 128);

describe('calibratedProbability', () => {
  it('divides the logit log(p1 / p0) by the temperature', () => {
    // [0.2, 0.8]: logit ln 4; T = 2 -> ln 2 -> 2/3.
    expect(calibratedProbability([0.2, 0.8], 2)).toBeCloseTo(2 / 3, 6);
    expect(calibratedProbability([0.2, 0.8], 1)).toBeCloseTo(0.8, 6);
  });
});

describe('decide', () => {
  it('sorts by the calibrated probability: urgent at or above, routine below, review between', () => {
    expect(decide(FIXTURE_CONFIG, { scores: [0.05, 0.95], pixels: plain, shape }).priority).toBe('urgent');
    expect(decide(FIXTURE_CONFIG, { scores: [0.95, 0.05], pixels: plain, shape })).toMatchObject({
      priority: 'routine',
      reasons: [],
    });
    expect(decide(FIXTURE_CONFIG, { scores: [0.5, 0.5], pixels: plain, shape }).reasons).toEqual([
      { code: 'between_thresholds', message: expect.stringContaining('0.1000') },
    ]);
  });

  it('uses the temperature before comparing: T = 3 turns 0.95 into 0.727, a review', () => {
    const config: TriageConfig = { ...FIXTURE_CONFIG, calibration: { ...FIXTURE_CONFIG.calibration, temperature: 3 } };
    const decision = decide(config, { scores: [0.05, 0.95], pixels: plain, shape });
    // ln(19) / 3 = 0.98148 -> sigmoid = 0.7274
    expect(decision.probability).toBeCloseTo(0.7274, 4);
    expect(decision.priority).toBe('review');
  });

  it('sends unusual images and unfitting DICOM attributes to review whatever the score', () => {
    const checker = Uint8Array.of(0, 255, 255, 0);
    expect(decide(FIXTURE_CONFIG, { scores: [0.01, 0.99], pixels: checker, shape }).reasons[0]?.code).toBe(
      'image_statistics',
    );
    const ct = decide(FIXTURE_CONFIG, {
      scores: [0.99, 0.01],
      pixels: plain,
      shape,
      acquisition: { modality: 'CT', bodyPartExamined: undefined },
    });
    expect(ct).toMatchObject({ priority: 'review', reasons: [{ code: 'modality' }] });
    const chest = decide(FIXTURE_CONFIG, {
      scores: [0.99, 0.01],
      pixels: plain,
      shape,
      acquisition: { modality: 'CR', bodyPartExamined: 'CHEST' },
    });
    expect(chest.priority).toBe('routine');
  });
});
