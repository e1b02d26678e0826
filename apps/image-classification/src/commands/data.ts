import { basename } from 'node:path';
import { type CommandIo, parseFlags, required, UsageError } from '@scenarios/core/cli';
import { PUBLISHED_DATA_SETS } from '../data-import/data-sets.js';
import { importFiles } from '../data-import/import-files.js';

export const DATA_USAGE =
  'image-classification data fashion-mnist --out <dir> [--from <dir> | --base-url <url>] [--overwrite]';

/**
 * `data`: downloads a published data set (or imports a local copy with `--from`), checks every
 * file, and writes the directory only when all of them are good. Progress on stderr, a summary on stdout.
 */
export async function dataCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      out: { type: 'string' },
      from: { type: 'string' },
      'base-url': { type: 'string' },
      overwrite: { type: 'boolean' },
    },
    true,
  );
  const names = Object.keys(PUBLISHED_DATA_SETS);
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new UsageError(`name one data set: ${names.join(', ')}`);
  const dataSet = PUBLISHED_DATA_SETS[name];
  if (!dataSet) throw new UsageError(`unknown data set "${name}"; known: ${names.join(', ')}`);
  const out = required('out', values.out);
  const from = typeof values.from === 'string' ? values.from : undefined;
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : undefined;
  if (from !== undefined && baseUrl !== undefined) throw new UsageError('give --from or --base-url, not both');
  if (baseUrl !== undefined && !/^https?:\/\/./.test(baseUrl)) {
    throw new UsageError(`--base-url must be an http(s) URL, got ${baseUrl}`);
  }
  const files = await importFiles({
    files: dataSet.files,
    out,
    overwrite: values.overwrite === true,
    progress: io.stderr,
    ...(from === undefined ? { baseUrl: baseUrl ?? dataSet.baseUrl } : { from }),
  });
  const published = files.filter((file) => file.asPublished).length;
  io.stdout.write(
    `${dataSet.title}: ${files.length} files verified and written to ${out} ` +
      `(${from === undefined ? `downloaded from ${baseUrl ?? dataSet.baseUrl}` : `imported from ${from}`}; ` +
      `${published} of ${files.length} byte for byte as published)\n`,
  );
  // The IDX adapter names the classes from the directory's name (see loadIdx).
  if (name === 'fashion-mnist' && !/fashion/i.test(basename(out))) {
    io.stderr.write(
      `note: --data detects Fashion-MNIST's class names from a directory name containing "fashion"; ` +
        `${out} does not, so its files would be read as MNIST digits\n`,
    );
  }
  return 0;
}
