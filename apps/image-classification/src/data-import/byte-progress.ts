import type { ProgressStream } from '@scenarios/core/training';

/**
 * A download progress callback that writes `  <name> 40% (10.6 of 26.4 MB)`: redrawn in place at
 * every percent on a terminal, one line per tenth of the file otherwise (per 5 MB when the size is
 * unknown).
 */
export function byteProgress(
  stream: ProgressStream,
  name: string,
): (received: number, total: number | undefined) => void {
  const perStep = stream.isTTY ? 100 : 10;
  let lastStep = 0;
  return (received, total) => {
    const step = total === undefined ? Math.floor(received / 5e6) : Math.floor((perStep * received) / total);
    if (step === lastStep) return;
    lastStep = step;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    const text =
      total === undefined
        ? `  ${name} ${mb(received)} MB`
        : `  ${name} ${Math.floor((100 * received) / total)}% (${mb(received)} of ${mb(total)} MB)`;
    const finished = total !== undefined && received >= total;
    stream.write(stream.isTTY ? `\r${text}${finished ? '\n' : ''}` : `${text}\n`);
  };
}
