import type { Logger } from '@scenarios/core';
import { type FashionMnist, loadFashionMnist } from '@scenarios/core/data';

const cache = new Map<string, Promise<FashionMnist>>();

/** Fashion-MNIST from the usual places (or the committed sample), loaded once per run. */
export function fashionMnist(split: 'train' | 'test', logger: Logger): Promise<FashionMnist> {
  let loaded = cache.get(split);
  if (!loaded) {
    loaded = loadFashionMnist({ split, logger, allowSample: true });
    cache.set(split, loaded);
  }
  return loaded;
}
