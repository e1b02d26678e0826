import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicRows, writeTopicCsv, writeTopicJsonl } from '../test-support/texts.js';
import { detectFormat, loadTextData } from './load-text-data.js';
import { loadCsvTexts, loadJsonlTexts } from './tabular.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tabular-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CSV texts', () => {
  it('reads the named text and label columns as a multi-class task, classes sorted', async () => {
    const path = join(dir, 'news.csv');
    await writeFile(
      path,
      'id,body,topic\n1,"Goal, goal!",sports\n2,Vote now,politics\n3,"Atoms ""split""",science\n4,Match,sports\n',
    );
    const data = await loadCsvTexts(path, { textColumn: 'body', labelColumn: 'topic' });
    expect(data).toMatchObject({
      name: 'news',
      format: 'csv',
      task: 'single-label',
      classNames: ['politics', 'science', 'sports'],
    });
    expect(data.texts).toEqual(['Goal, goal!', 'Vote now', 'Atoms "split"', 'Match']);
    expect(Array.from(data.labels ?? [])).toEqual([2, 0, 1, 2]);
    expect(data.groups).toBeUndefined();
  });

  it('splits labels at a separator into a multi-label task, and reads groups', async () => {
    const path = await writeTopicCsv(join(dir, 'tags.csv'), topicRows({ perTopic: 4, mixed: true }));
    const data = await loadCsvTexts(path, {
      textColumn: 'body',
      labelColumn: 'tags',
      labelSeparator: '|',
      groupColumn: 'source',
    });
    expect(data.task).toBe('multi-label');
    expect(data.classNames).toEqual(['politics', 'science', 'sports']);
    // Row 0 is sports mixed with politics (the next topic), row 1 sports alone.
    expect(Array.from(data.multiHot?.subarray(0, 6) ?? [])).toEqual([1, 0, 1, 0, 0, 1]);
    expect(data.groups?.slice(0, 3)).toEqual(['a', 'b', 'a']);
  });

  it('names the record with an empty label, a missing column or a single class', async () => {
    const empty = join(dir, 'empty-label.csv');
    await writeFile(empty, 'text,label\nhello,a\nworld,\n');
    await expect(loadCsvTexts(empty)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('record 2'),
    });
    await expect(loadCsvTexts(empty, { labelColumn: 'tag' })).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    const one = join(dir, 'one.csv');
    await writeFile(one, 'text,label\nhello,a\nworld,a\n');
    await expect(loadCsvTexts(one)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining('at least two'),
    });
  });
});

describe('JSONL texts', () => {
  it('reads string and numeric labels, and label arrays as multi-label', async () => {
    const numeric = join(dir, 'stars.jsonl');
    await writeFile(
      numeric,
      '{"text": "great", "label": 5}\n\n{"text": "bad", "label": 1}\n{"text": "ok", "label": 10}\n',
    );
    const stars = await loadJsonlTexts(numeric);
    expect(stars.classNames).toEqual(['1', '5', '10']);
    expect(Array.from(stars.labels ?? [])).toEqual([1, 0, 2]);
    const path = await writeTopicJsonl(join(dir, 'topics.jsonl'), topicRows({ perTopic: 4, mixed: true }));
    const multi = await loadJsonlTexts(path, { labelColumn: 'labels' });
    expect(multi.task).toBe('multi-label');
    expect(multi.texts).toHaveLength(12);
  });

  it('names the line of invalid JSON, a non-object, a missing text or a bad label', async () => {
    const cases: [string, RegExp][] = [
      ['{"text": "a", "label": "x"}\n{"text": "b", "label": "y"\n', /line 2: invalid JSON/],
      ['{"text": "a", "label": "x"}\n[1, 2]\n', /line 2: expected a JSON object/],
      ['{"text": "a", "label": "x"}\n{"label": "y"}\n', /line 2: "text" must be a string/],
      [
        '{"text": "a", "label": "x"}\n{"text": "b", "label": {"k": 1}}\n',
        /line 2: "label" must be a string or a number/,
      ],
    ];
    for (const [content, message] of cases) {
      const path = join(dir, 'bad.jsonl');
      await writeFile(path, content);
      await expect(loadJsonlTexts(path)).rejects.toMatchObject({
        code: 'DATA_CORRUPT',
        message: expect.stringMatching(message),
      });
    }
    await expect(loadJsonlTexts(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });
});

describe('detectFormat and loadTextData', () => {
  it('tells the format from the path', async () => {
    expect(await detectFormat('spam-assassin')).toBe('spam-assassin');
    expect(await detectFormat('x/data.CSV')).toBe('csv');
    expect(await detectFormat('x/data.ndjson')).toBe('jsonl');
    expect(await detectFormat(dir)).toBe('spam-assassin');
    const other = join(dir, 'notes.txt');
    await writeFile(other, 'hi');
    await expect(detectFormat(other)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(detectFormat(join(dir, 'nothing'))).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });

  it('reads a JSONL file through the same entry point as the corpus', async () => {
    const path = await writeTopicJsonl(join(dir, 'plain.jsonl'), topicRows({ perTopic: 3 }));
    const data = await loadTextData({ path, groupColumn: 'group' });
    expect(data).toMatchObject({ format: 'jsonl', task: 'single-label' });
    expect(data.groups).toHaveLength(9);
  });
});
