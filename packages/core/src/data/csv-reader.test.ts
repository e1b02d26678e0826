import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvFile } from './csv-reader.js';

describe('parseCsv', () => {
  it('reads a header and quoted fields holding commas, doubled quotes and line breaks', () => {
    const text =
      'movieId,title,genres\n1,"Toy Story (1995)",Animation|Children\n2,"Heat, the ""Director\'s Cut""",Action\n3,"two\nlines",\n';
    expect(parseCsv(text)).toEqual([
      { movieId: '1', title: 'Toy Story (1995)', genres: 'Animation|Children' },
      { movieId: '2', title: 'Heat, the "Director\'s Cut"', genres: 'Action' },
      { movieId: '3', title: 'two\nlines', genres: '' },
    ]);
  });

  it('drops a UTF-8 byte-order mark, in text or bytes, and handles CRLF and empty lines', () => {
    const text = '\uFEFFuserId,rating\r\n1,4.5\r\n\r\n2,3\r\n';
    const expected = [
      { userId: '1', rating: '4.5' },
      { userId: '2', rating: '3' },
    ];
    expect(parseCsv(text)).toEqual(expected);
    const bytes = new TextEncoder().encode(text);
    expect(bytes.slice(0, 3)).toEqual(Uint8Array.of(0xef, 0xbb, 0xbf));
    expect(parseCsv(bytes)).toEqual(expected);
  });

  it('keeps only the selected columns, or names the columns of a file without a header', () => {
    const text = 'a;b;c\n1;2;3\n';
    expect(parseCsv(text, { delimiter: ';', columns: ['c', 'a'] })).toEqual([{ c: '3', a: '1' }]);
    expect(parseCsv('1\t2\n3\t4\n', { delimiter: '\t', header: false, columns: ['x', 'y'] })).toEqual([
      { x: '1', y: '2' },
      { x: '3', y: '4' },
    ]);
    expect(() => parseCsv('1,2\n', { header: false })).toThrow(/needs the 'columns' option/);
  });

  it('rejects malformed CSV and missing columns with DATA_CORRUPT naming the source', () => {
    expect(() => parseCsv('a,b\n1,2,3\n', { source: 'r.csv' })).toThrow(
      expect.objectContaining({ code: 'DATA_CORRUPT', message: expect.stringMatching(/^r\.csv: invalid CSV.*line 2/) }),
    );
    expect(() => parseCsv('a,b\n"1,2\n', { source: 'r.csv' })).toThrow(
      expect.objectContaining({ code: 'DATA_CORRUPT' }),
    );
    expect(() => parseCsv('a,b\n1,2\n', { source: 'r.csv', columns: ['a', 'rating'] })).toThrow(
      expect.objectContaining({
        code: 'DATA_CORRUPT',
        message: 'r.csv: missing column(s) rating (the header has a, b)',
      }),
    );
  });
});

describe('readCsvFile', () => {
  it('reads a file and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    try {
      await writeFile(join(dir, 'r.csv'), '\uFEFFid,name\n7,"x, y"\n');
      expect(await readCsvFile(join(dir, 'r.csv'))).toEqual([{ id: '7', name: 'x, y' }]);
      await expect(readCsvFile(join(dir, 'none.csv'))).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: expect.stringContaining(join(dir, 'none.csv')),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
