import { ScenarioError } from '@scenarios/core';
import { type ItemInfo, indexById } from './datasets/interactions.js';
import type { RecommenderArtifacts, RecommenderSettings } from './model/model-dir.js';
import type { RecommenderWeights } from './model/model-weights.js';
import { createRowScorer, type RowScorer } from './row-scorer.js';
import { itemSimilarityVectors, predictRating, recentItems, scoreRows, topK, userVector } from './scoring.js';

/** One recommended (or similar) item. */
export interface ScoredItem {
  item: number;
  title: string;
  genres: string[];
  /** Ranking-model score, cosine similarity (similar items) or interaction count (popular items). */
  score: number;
  /** The rating model's prediction, for users it knows. */
  predicted_rating?: number;
}

/** How recommendations were made: from the user's history, or by popularity for a user with none. */
export type Strategy = 'personalised' | 'popular';

export interface RecommendOptions {
  k: number;
  /** Raw item ids to leave out (besides the user's own items); unknown ids are ignored. */
  exclude?: readonly number[];
  /** Only items with at least one of these genres. Default: any. */
  genres?: readonly string[];
}

/**
 * A loaded recommender, ready to serve: the tables as Float32Arrays, the id maps, every user's
 * history, and the interactions received since training (feedback), which take effect at once.
 * Raw ids in, raw ids out.
 */
export class Recommender {
  readonly settings: RecommenderSettings;
  readonly name: string;
  readonly version: string;
  /** Every genre of the catalogue, sorted. */
  readonly genres: readonly string[];
  private readonly weights: RecommenderWeights;
  private readonly userIndex: Map<number, number>;
  private readonly itemIndex: Map<number, number>;
  private readonly itemIds: Int32Array;
  private readonly itemInfo: ItemInfo[];
  private readonly histories: RecommenderArtifacts['histories'];
  /** Items received since training, per raw user id, in arrival order. */
  private readonly received = new Map<number, number[]>();
  private readonly counts: Float32Array;
  private readonly popular: Int32Array;
  private readonly genreMasks = new Map<string, Uint8Array>();
  private readonly unitItems: Float32Array;
  private readonly ranker: RowScorer;
  private readonly similarity: RowScorer;

  constructor(artifacts: RecommenderArtifacts) {
    this.settings = artifacts.settings;
    this.name = artifacts.manifest.model.name;
    this.version = artifacts.manifest.model.version;
    this.weights = artifacts.weights;
    this.itemIds = artifacts.itemIds;
    this.itemInfo = artifacts.itemInfo;
    this.histories = artifacts.histories;
    this.userIndex = indexById(artifacts.userIds);
    this.itemIndex = indexById(artifacts.itemIds);
    const numItems = this.itemIds.length;
    this.counts = new Float32Array(numItems);
    for (const item of this.histories.items) this.counts[item] = (this.counts[item] as number) + 1;
    this.popular = Int32Array.from(this.counts.keys()).sort(
      (a, b) => (this.counts[b] as number) - (this.counts[a] as number) || a - b,
    );
    this.itemInfo.forEach((info, item) => {
      for (const genre of info.genres) {
        const mask = this.genreMasks.get(genre) ?? new Uint8Array(numItems);
        this.genreMasks.set(genre, mask);
        mask[item] = 1;
      }
    });
    this.genres = [...this.genreMasks.keys()].sort();
    const { outputEmbedding, outputBias, factors } = this.weights.ranking;
    this.unitItems = itemSimilarityVectors(this.weights.ranking);
    this.ranker = createRowScorer({ table: outputEmbedding, bias: outputBias, factors });
    this.similarity = createRowScorer({ table: this.unitItems, factors: 2 * factors });
  }

  /** Users known from training. */
  get numUsers(): number {
    return this.userIndex.size;
  }

  /** Items of the catalogue. */
  get numItems(): number {
    return this.itemIds.length;
  }

  /** Whether the catalogue holds this raw item id. */
  hasItem(item: number): boolean {
    return this.itemIndex.has(item);
  }

  /** The item's index; NOT_FOUND for an id outside the catalogue. */
  private indexOfItem(item: number): number {
    const index = this.itemIndex.get(item);
    if (index === undefined) throw new ScenarioError('NOT_FOUND', `item ${item} is not in the catalogue`);
    return index;
  }

  /**
   * Records that a user interacted with an item (feedback): the item is excluded from the user's
   * next recommendations and becomes the most recent item the user tower reads. A user unknown to
   * the model is welcome; NOT_FOUND for an item outside the catalogue.
   */
  recordInteraction(user: number, item: number): void {
    const index = this.indexOfItem(item);
    const list = this.received.get(user);
    if (list) list.push(index);
    else this.received.set(user, [index]);
  }

  /** The user's items (indices) known from training, oldest first. */
  private trainedHistory(user: number): Int32Array {
    const index = this.userIndex.get(user);
    if (index === undefined) return new Int32Array(0);
    return this.histories.items.subarray(
      this.histories.offsets[index] as number,
      this.histories.offsets[index + 1] as number,
    );
  }

  /** A mask of the items to leave out: `items`, the excluded ids, and items outside the genres. */
  private exclusionMask(args: { items: ArrayLike<number>[]; exclude?: readonly number[]; genres?: readonly string[] }) {
    const mask = new Uint8Array(this.numItems);
    if (args.genres && args.genres.length > 0) {
      mask.fill(1);
      for (const genre of args.genres) {
        const allowed = this.genreMasks.get(genre);
        if (!allowed) throw new ScenarioError('BAD_REQUEST', `unknown genre ${JSON.stringify(genre)}`);
        for (let i = 0; i < allowed.length; i++) if (allowed[i] === 1) mask[i] = 0;
      }
    }
    for (const list of args.items) for (let j = 0; j < list.length; j++) mask[list[j] as number] = 1;
    for (const id of args.exclude ?? []) {
      const index = this.itemIndex.get(id);
      if (index !== undefined) mask[index] = 1;
    }
    return mask;
  }

  private describe(item: number, score: number): ScoredItem {
    const info = this.itemInfo[item] as ItemInfo;
    return { item: this.itemIds[item] as number, title: info.title, genres: info.genres, score };
  }

  /**
   * The top k items for a user, leaving out what the user has interacted with (in training or
   * since), the excluded ids and items outside the genres. A user with no history at all gets
   * the most popular items (strategy 'popular'); BAD_REQUEST for an unknown genre.
   */
  recommend(user: number, options: RecommendOptions): { strategy: Strategy; items: ScoredItem[] } {
    const trained = this.trainedHistory(user);
    const received = this.received.get(user) ?? [];
    const mask = this.exclusionMask({
      items: [trained, received],
      ...(options.exclude ? { exclude: options.exclude } : {}),
      ...(options.genres ? { genres: options.genres } : {}),
    });
    if (trained.length + received.length === 0) {
      const items: ScoredItem[] = [];
      for (const item of this.popular) {
        if (items.length === options.k) break;
        if (mask[item] === 0) items.push(this.describe(item, this.counts[item] as number));
      }
      return { strategy: 'popular', items };
    }
    const { ranking, rating } = this.weights;
    const recent = recentItems(received.length === 0 ? trained : [...trained, ...received], ranking.historyLength);
    const scores = this.ranker.score(userVector(ranking, recent));
    const userIndex = this.userIndex.get(user);
    const scale = this.settings.ratingScale;
    const items = Array.from(topK(scores, options.k, mask), (item) => {
      const scored = this.describe(item, scores[item] as number);
      if (rating && userIndex !== undefined) {
        scored.predicted_rating = predictRating(rating, { user: userIndex, item, ...(scale ? { scale } : {}) });
      }
      return scored;
    });
    return { strategy: 'personalised', items };
  }

  /**
   * The k items most similar to an item (see `itemSimilarityVectors`), optionally within genres.
   * NOT_FOUND for an unknown item.
   */
  similar(
    item: number,
    options: { k: number; genres?: readonly string[] },
  ): { item: ScoredItem; similar: ScoredItem[] } {
    const index = this.indexOfItem(item);
    const width = 2 * this.weights.ranking.factors;
    const query = this.unitItems.subarray(index * width, (index + 1) * width);
    const scores = this.similarity.score(query);
    const mask = this.exclusionMask({ items: [[index]], ...(options.genres ? { genres: options.genres } : {}) });
    const similar = Array.from(topK(scores, options.k, mask), (other) => this.describe(other, scores[other] as number));
    return { item: this.describe(index, 1), similar };
  }

  /**
   * Scores of user-item pairs (for the OIP route): the ranking score from the user's history and,
   * when the model has one, the predicted rating (the global mean plus the item bias for users it
   * does not know). NOT_FOUND for an unknown item.
   */
  scorePairs(pairs: { users: ArrayLike<number>; items: ArrayLike<number> }): {
    score: Float32Array;
    rating?: Float32Array;
  } {
    const { ranking, rating } = this.weights;
    const n = pairs.users.length;
    const score = new Float32Array(n);
    const ratings = rating ? new Float32Array(n) : undefined;
    for (let j = 0; j < n; j++) {
      const user = pairs.users[j] as number;
      const item = this.indexOfItem(pairs.items[j] as number);
      const history = [...this.trainedHistory(user), ...(this.received.get(user) ?? [])];
      const vector = userVector(ranking, recentItems(history, ranking.historyLength));
      const out = new Float32Array(1);
      scoreRows({
        user: vector,
        table: ranking.outputEmbedding.subarray(item * ranking.factors, (item + 1) * ranking.factors),
        bias: ranking.outputBias.subarray(item, item + 1),
        out,
      });
      score[j] = out[0] as number;
      if (rating && ratings) {
        const userIndex = this.userIndex.get(user);
        const scale = this.settings.ratingScale;
        ratings[j] =
          userIndex === undefined
            ? Math.min(
                scale?.[1] ?? Infinity,
                Math.max(scale?.[0] ?? -Infinity, rating.globalMean + (rating.itemBias[item] as number)),
              )
            : predictRating(rating, { user: userIndex, item, ...(scale ? { scale } : {}) });
      }
    }
    return ratings ? { score, rating: ratings } : { score };
  }
}
