// Progress for long work, on stderr. On a TTY: one line redrawn in place (count/total, percentage, rate,
// ETA), at most every 100 ms (~10 redraws a second), ended by a newline at done(). Not on a TTY: nothing
// while running, so logs stay clean; with `summary: true`, one line at done(). The clock is a parameter
// (`now()` in milliseconds), so the output is deterministic in tests.

import type { IOStreams } from './iostreams.js';
import { t, type Lang } from './i18n.js';
import { fmtCount, fmtRate, fmtSeconds, fmtWholePercent } from './numbers.js';

export interface ProgressOptions {
  label: string;
  /** Items expected; without it the line shows the count and the rate only. */
  total?: number;
  lang: Lang;
  /** Monotonic milliseconds (e.g. `performance.now` from Deps, or a fake clock). */
  now: () => number;
  /** Print a summary line at done() when stderr is not a terminal. */
  summary?: boolean;
}

export interface Progress {
  /** n more items done (default 1). */
  tick(n?: number): void;
  /** Print a line (e.g. a warning) above the progress line without garbling it. */
  log(line: string): void;
  /** Finish: final redraw and newline on a TTY, the optional summary elsewhere. Later calls do nothing. */
  done(): void;
}

export const REDRAW_INTERVAL_MS = 100;
const CLEAR_LINE = '\r\x1b[K';

/** Seconds as m:ss or h:mm:ss. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function createProgress(io: Pick<IOStreams, 'err' | 'isErrTTY' | 'width'>, options: ProgressOptions): Progress {
  const { label, total, lang, now } = options;
  const started = now();
  let count = 0;
  let lastDraw: number | null = null;
  let drawn = false;
  let finished = false;

  function line(at: number): string {
    const elapsedS = (at - started) / 1000;
    const parts = [
      total !== undefined && total > 0
        ? `${label} ${fmtCount(lang, count)}/${fmtCount(lang, total)} (${fmtWholePercent(lang, count / total)})`
        : `${label} ${fmtCount(lang, count)}`,
    ];
    if (elapsedS > 0 && count > 0) {
      const rate = count / elapsedS;
      parts.push(t(lang, 'progress.rate', { rate: fmtRate(lang, rate) }));
      if (total !== undefined && count < total) parts.push(t(lang, 'progress.eta', { time: formatEta((total - count) / rate) }));
    }
    const text = parts.join(' · ');
    const max = Math.max(1, io.width - 1);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  function draw(at: number): void {
    io.err.write(`${CLEAR_LINE}${line(at)}`);
    lastDraw = at;
    drawn = true;
  }

  return {
    tick(n = 1) {
      if (finished) return;
      count += n;
      if (!io.isErrTTY) return;
      const at = now();
      if (lastDraw === null || at - lastDraw >= REDRAW_INTERVAL_MS) draw(at);
    },
    log(text) {
      if (io.isErrTTY && drawn && !finished) {
        io.err.write(`${CLEAR_LINE}${text}\n`);
        draw(now());
      } else {
        io.err.write(`${text}\n`);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      const at = now();
      if (io.isErrTTY) {
        draw(at);
        io.err.write('\n');
        return;
      }
      if (options.summary !== true) return;
      const seconds = fmtSeconds(lang, at - started);
      const summary =
        total !== undefined
          ? t(lang, 'progress.summaryTotal', { label, count: fmtCount(lang, count), total: fmtCount(lang, total), seconds })
          : t(lang, 'progress.summary', { label, count: fmtCount(lang, count), seconds });
      io.err.write(`${summary}\n`);
    },
  };
}
