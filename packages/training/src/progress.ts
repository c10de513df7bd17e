import type { FitCallback } from './callbacks';

/**
 * Terminal progress for training: epoch, step, loss, examples/s and ETA. On a TTY it redraws one line;
 * otherwise (CI, pipes) it prints a line at most every `intervalMs` so logs stay readable.
 */
export class Progress {
  private lastDraw = 0;
  private readonly tty: boolean;
  private lossEma: number | null = null;

  /** @param stream where to draw (stderr by default, so stdout stays machine-readable) */
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = stream.isTTY ? 200 : 15_000,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  /** Smoothed loss shown in the progress line. */
  get loss(): number {
    return this.lossEma ?? NaN;
  }

  /** Records one step and redraws if due. `examplesPerSec` is measured by the caller over the epoch. */
  update(p: { epoch: number; epochs: number; step: number; steps: number; loss: number; examplesPerSec: number; etaSec: number }): void {
    this.lossEma = this.lossEma === null ? p.loss : 0.98 * this.lossEma + 0.02 * p.loss;
    const now = Date.now();
    if (now - this.lastDraw < this.intervalMs && p.step !== p.steps) return;
    this.lastDraw = now;
    const line =
      `epoch ${p.epoch}/${p.epochs}  step ${p.step}/${p.steps}  loss ${this.lossEma.toFixed(4)}  ` +
      `${Math.round(p.examplesPerSec)} ex/s  ETA ${formatDuration(p.etaSec)}`;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  /** Ends the current progress line (TTY) before regular log output. */
  break(): void {
    if (this.tty) this.stream.write('\n');
  }
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  const s = Math.round(sec);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * Draws training progress (epoch, step, smoothed loss, examples/s, ETA) with a {@link Progress} on
 * `stream` (stderr by default) at every step of a fit.
 */
export function progressCallback(stream: NodeJS.WriteStream = process.stderr): FitCallback {
  const progress = new Progress(stream);
  return {
    specificationVersion: 'v1', name: 'progress',
    onStepEnd: (e, ctx) => {
      const rate = e.examples / Math.max(e.seconds, 1e-3);
      progress.update({
        epoch: e.epoch, epochs: ctx.epochs, step: e.step, steps: e.stepsPerEpoch, loss: e.loss, examplesPerSec: rate,
        etaSec: ((e.stepsPerEpoch - e.step) * (e.examples / Math.max(1, e.step))) / rate,
      });
    },
    onEpochEnd: () => progress.break(),
    onTrainEnd: (e) => {
      if (e.stopped === 'requested') progress.break();
    },
  };
}
