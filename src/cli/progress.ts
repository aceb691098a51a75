/**
 * Progress output for the CLI on standard error: a bar per stage on a terminal (cli-progress),
 * plain lines otherwise (each stage's start, every tenth of the way and its end), so logs stay
 * readable and `--json` output on standard output stays parseable.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../core/types.js';

/** A progress callback that draws one bar per stage on a TTY. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (p: Progress) => void; stop: () => void } {
  if (!stream.isTTY) return plainLines(stream);
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

function plainLines(stream: NodeJS.WritableStream): { onProgress: (p: Progress) => void; stop: () => void } {
  let stage = '';
  let shown = -1;
  return {
    onProgress(p) {
      if (p.stage !== stage) {
        stage = p.stage;
        shown = -1;
      }
      const tenth = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 10;
      if (tenth === shown) return;
      shown = tenth;
      stream.write(`${p.stage} ${p.done}/${p.total}\n`);
    },
    stop() {},
  };
}
