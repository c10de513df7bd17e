import type { DataSummary, RunState, TrainSettings } from './train-run';

/** What the page has done so far, kept on `window.__clrec` for tests and the curious. */
export interface PageState {
  /** True once the backend is up and the panels are wired. */
  ready: boolean;
  /** The compute backend `initBackend` chose, and those it skipped with the reason. */
  backend: { name: string; tfBackend: string; tried: { name: string; error: string }[] } | null;
  /** An error that stopped the page from starting (shown at the top). */
  fatal: string | null;
  /** The in-page training. */
  train: {
    status: 'idle' | 'running' | 'done' | 'stopped' | 'error';
    error: string | null;
    settings: TrainSettings | null;
    data: DataSummary | null;
    runs: RunState[];
    seconds: number;
  };
  /** The checkpoint panel. */
  checkpoint: {
    status: 'idle' | 'loading' | 'ready' | 'error';
    error: string | null;
    /** Where it came from (URL or chosen files). */
    source: string | null;
    items: number;
    /** Files checked against the manifest's sizes and SHA-256. */
    verified: string[];
    /** Raw ids clicked, oldest first. */
    history: string[];
    /** The current top 10 (history excluded). */
    top: { id: string; score: number }[];
  };
}

/** The page's single state object (also `window.__clrec`). */
export const state: PageState = {
  ready: false, backend: null, fatal: null,
  train: { status: 'idle', error: null, settings: null, data: null, runs: [], seconds: 0 },
  checkpoint: { status: 'idle', error: null, source: null, items: 0, verified: [], history: [], top: [] },
};
(globalThis as { __clrec?: PageState }).__clrec = state;
