import { writeFile } from 'node:fs/promises';
import { createRng } from '@scenarios/core/data';

/** Words each topic's texts are drawn from; the topics share only the filler words. */
export const TOPIC_WORDS: Readonly<Record<string, readonly string[]>> = {
  sports: ['match', 'goal', 'team', 'coach', 'league', 'striker', 'season', 'referee'],
  politics: ['vote', 'senate', 'policy', 'election', 'minister', 'budget', 'party', 'law'],
  science: ['atom', 'cell', 'physics', 'experiment', 'theory', 'molecule', 'laboratory', 'gene'],
};
const FILLER = ['the', 'a', 'of', 'and', 'today', 'new', 'report', 'says'];

/** One labelled text: a single topic, or for multi-label rows the topics it mixes. */
export interface TopicRow {
  text: string;
  label: string;
  labels: string[];
  group: string;
}

/**
 * Seeded texts of 8-14 words: topic words of the row's topic(s) mixed with filler. Every row of
 * `perTopic` per topic is single-topic; with `mixed`, rows 0 mod 4 add a second topic (multi-label).
 * Groups alternate `a`/`b`.
 */
export function topicRows(options: { perTopic: number; seed?: number; mixed?: boolean }): TopicRow[] {
  const rng = createRng(options.seed ?? 1);
  const topics = Object.keys(TOPIC_WORDS);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.next() * items.length)] as T;
  const rows: TopicRow[] = [];
  topics.forEach((topic, t) => {
    for (let i = 0; i < options.perTopic; i++) {
      const labels = options.mixed && i % 4 === 0 ? [topic, topics[(t + 1) % topics.length] as string] : [topic];
      const length = 8 + Math.floor(rng.next() * 7);
      // Even positions take topic words, cycling through the row's topics; odd ones filler.
      const words = Array.from({ length }, (_, w) =>
        w % 2 === 1 ? pick(FILLER) : pick(TOPIC_WORDS[labels[(w / 2) % labels.length] as string] as readonly string[]),
      );
      rows.push({ text: words.join(' '), label: topic, labels, group: i % 2 === 0 ? 'a' : 'b' });
    }
  });
  return rows;
}

/** Writes rows as CSV with columns `body`, `topic`, `tags` (labels joined by `|`) and `source`. */
export async function writeTopicCsv(path: string, rows: readonly TopicRow[]): Promise<string> {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = rows.map((row) => [row.text, row.label, row.labels.join('|'), row.group].map(quote).join(','));
  await writeFile(path, `body,topic,tags,source\n${lines.join('\n')}\n`);
  return path;
}

/** Writes rows as JSON Lines: `{"text", "label", "labels": [...], "group"}`. */
export async function writeTopicJsonl(path: string, rows: readonly TopicRow[]): Promise<string> {
  await writeFile(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  return path;
}
