import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from './audit/audit-store.js';
import { encodeDicom } from './dicom/encode-dicom.js';
import { TRANSFER_SYNTAX } from './dicom/transfer-syntax.js';
import { createApp } from './server.js';
import { checkerboardPng, flatDicom, greyImage, TEST_PATIENT } from './test-support/images.js';
import { recordingLogger } from './test-support/recording-logger.js';
import { brightnessProbability, savedTriageModel } from './test-support/triage-fixture.js';
import { NOTICE } from './triage/decide.js';
import type { TriageModel } from './triage-model.js';

const TOKEN = 'test-audit-token-0123456789';

describe('triage server', () => {
  let dir: string;
  let triage: TriageModel;
  let audit: AuditStore;
  let app: ReturnType<typeof createApp>['app'];
  const logger = recordingLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-server-'));
    triage = await savedTriageModel(join(dir, 'model'));
    audit = AuditStore.open(join(dir, 'audit', 'trail.sqlite'));
    app = createApp(triage, { audit, auditToken: TOKEN, logger, maxBodyBytes: 1024 * 1024 }).app;
  });

  afterAll(async () => {
    audit.close();
    triage.model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const triageDicom = (bytes: Uint8Array) =>
    request(app).post('/v1/triage').set('Content-Type', 'application/dicom').send(Buffer.from(bytes));

  it('answers a DICOM with priority, probability, thresholds, model version, request id and notice', async () => {
    const before = audit.list().length;
    const response = await triageDicom(flatDicom({ mean: 0.8 })).set('X-Request-Id', 'req-bright-1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      priority: 'urgent',
      probability: expect.closeTo(brightnessProbability(0.8), 3),
      thresholds: { urgent: 0.9, routine: 0.1 },
      model_version: 'v-test',
      request_id: 'req-bright-1',
      notice: NOTICE,
      reasons: [],
      input_format: 'dicom',
    });
    expect(response.body.notice).toMatch(/not for diagnostic use/i);
    const entries = audit.list({ afterId: 0, limit: 1000 });
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toEqual({
      id: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      request_id: 'req-bright-1',
      input_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      model_version: 'v-test',
      priority: 'urgent',
      probability: response.body.probability,
    });
  });

  it.each([
    ['16-bit MONOCHROME2', { bitsAllocated: 16 as const }, 'urgent'],
    ['16-bit MONOCHROME1', { bitsAllocated: 16 as const, photometricInterpretation: 'MONOCHROME1' }, 'routine'],
    ['8-bit MONOCHROME2', { bitsAllocated: 8 as const }, 'urgent'],
    ['8-bit MONOCHROME1', { bitsAllocated: 8 as const, photometricInterpretation: 'MONOCHROME1' }, 'routine'],
  ])('reads %s: a bright field is shown inverted under MONOCHROME1', async (_, spec, priority) => {
    const response = await triageDicom(flatDicom({ mean: 0.85, ...spec }));
    expect(response.status).toBe(200);
    expect(response.body.priority).toBe(priority);
  });

  it('applies rescale slope and intercept before the window', async () => {
    // Stored 100 x 8 - 1000 = -200, in a window over [-1000, 0): displayed at 0.8 -> urgent.
    const bytes = encodeDicom({
      rows: 32,
      columns: 32,
      pixels: new Array<number>(32 * 32).fill(100),
      rescaleSlope: 8,
      rescaleIntercept: -1000,
      windowCenter: -499.5,
      windowWidth: 1000,
    });
    const response = await triageDicom(bytes);
    expect(response.body.probability).toBeCloseTo(brightnessProbability(204 / 255), 3);
  });

  it('takes PNG, JPEG and JSON base64, recognising the format of the base64 bytes', async () => {
    const png = await greyImage({ level: 51, format: 'png' });
    const jpeg = await greyImage({ level: 51, format: 'jpeg' });
    const fromPng = await request(app).post('/v1/triage').set('Content-Type', 'image/png').send(png);
    const fromJpeg = await request(app).post('/v1/triage').set('Content-Type', 'image/jpeg').send(jpeg);
    const fromJson = await request(app)
      .post('/v1/triage')
      .send({ image_base64: Buffer.from(flatDicom({ mean: 0.2 })).toString('base64') });
    expect([fromPng.body.priority, fromJpeg.body.priority, fromJson.body.priority]).toEqual([
      'routine',
      'routine',
      'routine',
    ]);
    expect([fromPng.body.input_format, fromJpeg.body.input_format, fromJson.body.input_format]).toEqual([
      'png',
      'jpeg',
      'dicom',
    ]);
    expect(fromPng.body.probability).toBeCloseTo(brightnessProbability(0.2), 3);
  });

  it('sends to review between the thresholds, and for unusual images, modalities and body parts', async () => {
    const grey = await request(app)
      .post('/v1/triage')
      .set('Content-Type', 'image/png')
      .send(await greyImage({ level: 128, format: 'png' }));
    expect(grey.body).toMatchObject({ priority: 'review', reasons: [{ code: 'between_thresholds' }] });
    const checkerboard = await request(app)
      .post('/v1/triage')
      .set('Content-Type', 'image/png')
      .send(await checkerboardPng());
    expect(checkerboard.body).toMatchObject({ priority: 'review', reasons: [{ code: 'image_statistics' }] });
    const ct = await triageDicom(flatDicom({ mean: 0.8, modality: 'CT', bodyPartExamined: 'HEAD' }));
    expect(ct.body.priority).toBe('review');
    expect(ct.body.reasons.map((r: { code: string }) => r.code)).toEqual(['modality', 'body_part']);
    // The reason does not echo the file's values.
    expect(JSON.stringify(ct.body.reasons)).not.toMatch(/HEAD/);
  });

  it('returns a saliency heat map as a PNG when asked', async () => {
    const numTensors = tf.memory().numTensors;
    const response = await triageDicom(flatDicom({ mean: 0.6 })).query({ saliency: 'true' });
    expect(response.status).toBe(200);
    const png = Buffer.from(response.body.saliency_png_base64, 'base64');
    const metadata = await sharp(png).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.channels]).toEqual(['png', 224, 224, 3]);
    const plain = await triageDicom(flatDicom({ mean: 0.6 }));
    expect(plain.body.saliency_png_base64).toBeUndefined();
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  describe('bad input: a 4xx JSON error and nothing in the audit trail', () => {
    const good = flatDicom({ mean: 0.8 });
    it.each([
      ['PNG bytes sent as DICOM', async () => triageDicom(await greyImage({ level: 9, format: 'png' })), 415],
      ['text sent as DICOM', async () => triageDicom(Buffer.from('hello, not a dicom file at all'.repeat(10))), 415],
      ['a truncated DICOM', async () => triageDicom(good.subarray(0, good.length - 100)), 422],
      ['a DICOM cut inside its header', async () => triageDicom(good.subarray(0, 300)), 422],
      [
        'a JPEG-compressed DICOM',
        async () => triageDicom(flatDicom({ mean: 0.5, transferSyntax: TRANSFER_SYNTAX.jpegBaseline })),
        415,
      ],
      [
        'a multi-frame DICOM',
        async () => triageDicom(encodeDicom({ rows: 8, columns: 8, pixels: new Uint16Array(128), numberOfFrames: 2 })),
        422,
      ],
      [
        'a DICOM of huge dimensions',
        async () => triageDicom(encodeDicom({ rows: 65535, columns: 65535, pixels: new Uint16Array(4) })),
        413,
      ],
      ['an empty body', async () => triageDicom(new Uint8Array(0)), 400],
      ['a body over the limit', async () => triageDicom(new Uint8Array(1024 * 1024 + 1)), 413],
      ['malformed base64', async () => request(app).post('/v1/triage').send({ image_base64: '@@@' }), 400],
      ['JSON without an image', async () => request(app).post('/v1/triage').send({ image: 'x' }), 400],
      [
        'a content type that is not an input',
        async () => request(app).post('/v1/triage').set('Content-Type', 'text/plain').send('x'),
        415,
      ],
      [
        'a DICOM sent as PNG',
        async () => request(app).post('/v1/triage').set('Content-Type', 'image/png').send(Buffer.from(good)),
        415,
      ],
    ])('%s', async (_, send, status) => {
      const before = audit.list({ limit: 1000 }).length;
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(audit.list({ limit: 1000 })).toHaveLength(before);
    });
  });

  it('keeps patient attributes out of the logs and the audit database', async () => {
    for (const spec of [{}, { bitsAllocated: 8 as const }, { transferSyntax: TRANSFER_SYNTAX.implicitLittle }]) {
      await triageDicom(flatDicom({ mean: 0.7, ...spec })).expect(200);
    }
    const damaged = flatDicom({ mean: 0.7 });
    await triageDicom(damaged.subarray(0, damaged.length - 10)).expect(422);
    await triageDicom(flatDicom({ mean: 0.7, photometricInterpretation: 'RGB', samplesPerPixel: 3 })).expect(422);
    const logged = logger.text();
    expect(logged).toContain('triage decision');
    const files = ['', '-wal', '-shm'].map((suffix) => `${audit.path}${suffix}`).filter((path) => existsSync(path));
    expect(files.length).toBeGreaterThan(1);
    const stored = files.map((path) => readFileSync(path).toString('latin1')).join('');
    for (const value of [TEST_PATIENT.name, 'Doe', TEST_PATIENT.id, TEST_PATIENT.birthDate]) {
      expect(logged).not.toContain(value);
      expect(stored).not.toContain(value);
    }
  });

  describe('GET /v1/audit', () => {
    it('refuses a request without the bearer token or with a wrong one', async () => {
      const none = await request(app).get('/v1/audit');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.body.error.code).toBe('UNAUTHORIZED');
      expect((await request(app).get('/v1/audit').set('Authorization', 'Bearer wrong')).status).toBe(401);
      expect((await request(app).get('/v1/audit').set('Authorization', `Basic ${TOKEN}`)).status).toBe(401);
    });

    it('is closed to everyone when no token is configured', async () => {
      const closed = createApp(triage, { audit, auditToken: '', logger }).app;
      const response = await request(closed).get('/v1/audit').set('Authorization', 'Bearer ');
      expect(response.status).toBe(401);
    });

    it('pages through the trail for the token holder', async () => {
      const all = audit.list({ limit: 1000 });
      const first = await request(app).get('/v1/audit?limit=2').set('Authorization', `Bearer ${TOKEN}`);
      expect(first.status).toBe(200);
      expect(first.body.entries).toEqual(all.slice(0, 2));
      const second = await request(app)
        .get(`/v1/audit?limit=2&after_id=${first.body.next_after_id}`)
        .set('Authorization', `Bearer ${TOKEN}`);
      expect(second.body.entries).toEqual(all.slice(2, 4));
      const bad = await request(app).get('/v1/audit?limit=0').set('Authorization', `Bearer ${TOKEN}`);
      expect(bad.status).toBe(400);
    });
  });

  it('serves core health routes and readiness with the model version', async () => {
    expect((await request(app).get('/healthz')).status).toBe(200);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('v-test');
  });
});
