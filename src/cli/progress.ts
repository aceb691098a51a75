/**
 * Progress output for the CLI: a bar on a terminal (cli-progress), nothing otherwise, so logs
 * and pipes stay clean and `--json` output stays parseable.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../core/types.js';

/** A progress callback that draws one bar per stage on a TTY. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (p: Progress) => void; stop: () => void } {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  let stage = '';
  return {
    onProgress(p) {
      if (p.stage !== stage) {
        bar?.stop();
        stage = p.stage;
        bar = new cliProgress.SingleBar(
          { stream, format: `${p.stage.padEnd(18)} [{bar}] {value}/{total}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done);
      } else bar?.update(p.done);
    },
    stop() {
      bar?.stop();
    },
  };
}
