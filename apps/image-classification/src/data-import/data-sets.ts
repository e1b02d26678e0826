import { FASHION_MNIST_CONTENT_SHA256, FASHION_MNIST_URL } from '@scenarios/core/data';
import type { ExpectedFile } from './verify-file.js';

/** A data set the `data` command can fetch: its files and where they are published. */
export interface PublishedDataSet {
  /** Human name for messages. */
  title: string;
  /** Where the files are published; file `name` is at `<baseUrl>/<name>`. */
  baseUrl: string;
  files: readonly ExpectedFile[];
}

// The MD5 of each .gz as published in the README of github.com/zalandoresearch/fashion-mnist.
const FASHION_MNIST_MD5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
  'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
  't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
  't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
};

/** The data sets of the `data` command, by name. */
export const PUBLISHED_DATA_SETS: Readonly<Record<string, PublishedDataSet>> = Object.freeze({
  'fashion-mnist': {
    title: 'Fashion-MNIST',
    baseUrl: FASHION_MNIST_URL,
    files: Object.entries(FASHION_MNIST_MD5).map(([name, md5]) => ({
      name,
      md5,
      contentSha256: FASHION_MNIST_CONTENT_SHA256[name] as string,
    })),
  },
});
