/** One progress report of {@link BenchProgress}. */
export interface ProgressUpdate {
  /** What is running, e.g. `features/cached ours`. */
  label: string;
  /** Steps done and planned in this phase. */
  step: number;
  total: number;
  /** Throughput so far (positive examples per second), if known. */
  examplesPerSec?: number;
  /** Estimated seconds left (whole benchmark), if known. */
  etaSec?: number;
  /** Extra text, e.g. `warm-up`. */
  note?: string;
}

/** Formats seconds as `1h02m`, `3m05s` or `12s` (`?` when unknown). */
export function formatDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec) || sec < 0) return '?';
  const s = Math.round(sec);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * Progress on stderr (stdout stays machine-readable): steps, examples/s and ETA. On a TTY it redraws
 * one line; otherwise it prints a line at most every `intervalMs` and at the end of each phase.
 */
export class BenchProgress {
  private lastDraw = 0;
  private open = false;
  private readonly tty: boolean;

  /** @param stream where to write (default stderr) */
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly intervalMs = stream.isTTY ? 200 : 10_000,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  /** Reports progress; redraws when due or when the phase completes. */
  update(p: ProgressUpdate): void {
    const now = Date.now();
    if (now - this.lastDraw < this.intervalMs && p.step !== p.total) return;
    this.lastDraw = now;
    const parts = [`${p.label}  step ${p.step}/${p.total}`];
    if (p.note) parts.push(p.note);
    if (p.examplesPerSec !== undefined && Number.isFinite(p.examplesPerSec)) parts.push(`${Math.round(p.examplesPerSec)} ex/s`);
    if (p.etaSec !== undefined) parts.push(`ETA ${formatDuration(p.etaSec)}`);
    const line = parts.join('  ');
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${line}`);
      this.open = true;
    } else this.stream.write(`${line}\n`);
  }

  /** Prints a regular log line (ending any progress line first). */
  log(line: string): void {
    if (this.open) this.stream.write('\n');
    this.open = false;
    this.stream.write(`${line}\n`);
  }
}
