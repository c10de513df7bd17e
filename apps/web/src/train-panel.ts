import { bucketChart } from './bucket-chart';
import { byId, errorText, h } from './dom';
import { lossChart } from './loss-chart';
import { state } from './page-state';
import { type DataSummary, DEFAULT_TRAIN_SETTINGS, type RunState, trainSideBySide, type TrainSettings } from './train-run';

const COLORS = ['#2563eb', '#d9480f'];
const DATA_COLOR = '#9aa3b2';

/** Lets the browser paint and handle input between two training steps. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Wires the "Train in the page" panel: the form starts {@link trainSideBySide} with its sizes, Stop
 * ends both models after their current step; progress, loss curves and the debiasing picture are
 * redrawn at most every 150 ms.
 */
export function setupTrainPanel(backendName: () => string, overrides: Partial<Record<'users' | 'items' | 'epochs' | 'batch', number>>): { start(): Promise<void> } {
  const form = byId<HTMLFormElement>('train-form');
  const startBtn = byId<HTMLButtonElement>('train-start');
  const stopBtn = byId<HTMLButtonElement>('train-stop');
  const status = byId('train-status');
  for (const [k, v] of Object.entries(overrides)) (form.elements.namedItem(k) as HTMLInputElement).value = String(v);
  let stop = false;
  let t0 = 0;
  let last = 0;
  const render = (runs: RunState[], data: DataSummary | null, force = false) => {
    const now = performance.now();
    if (!force && now - last < 150) return;
    last = now;
    state.train.seconds = (now - t0) / 1000;
    renderProgress(status, runs, data, backendName(), state.train.seconds);
    renderRuns(runs);
    if (data && runs.some((r) => r.evals.length)) renderDebias(runs, data);
  };
  const start = async () => {
    if (state.train.status === 'running') return;
    const num = (k: string) => Number((form.elements.namedItem(k) as HTMLInputElement).value);
    const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, users: num('users'), items: num('items'), epochs: num('epochs'), batchSize: num('batch') };
    settings.negatives = Math.max(settings.negatives, settings.batchSize);
    Object.assign(state.train, { status: 'running', error: null, settings, data: null, runs: [], seconds: 0 });
    stop = false;
    startBtn.disabled = true;
    stopBtn.disabled = false;
    byId('train-debias').replaceChildren();
    status.textContent = `Simulating ${settings.users} users × ${settings.items} items…`;
    t0 = performance.now();
    await pause(); // show that line before the simulator runs
    try {
      const res = await trainSideBySide(settings, {
        onUpdate: (runs, data) => {
          state.train.runs = runs;
          state.train.data = data;
          render(runs, data);
        },
        pause,
        stopRequested: () => stop,
      });
      state.train.status = stop ? 'stopped' : 'done';
      render(res.runs, res.data, true);
    } catch (e) {
      state.train.status = 'error';
      state.train.error = errorText(e);
      status.textContent = `Training failed: ${state.train.error}`;
    } finally {
      status.dataset.status = state.train.status;
      startBtn.disabled = false;
      stopBtn.disabled = true;
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void start();
  });
  stopBtn.addEventListener('click', () => (stop = true));
  return { start };
}

function renderProgress(el: HTMLElement, runs: RunState[], data: DataSummary | null, backend: string, seconds: number): void {
  const s = state.train.settings!;
  const parts = runs.map((r) => `${r.name}: epoch ${r.epoch}/${s.epochs}, step ${r.step}/${r.stepsPerEpoch}, ${Math.round(r.examplesPerSecond)} examples/s`);
  const word = state.train.status === 'running' ? 'Training' : state.train.status === 'stopped' ? 'Stopped' : 'Done';
  const facts = data ? ` on ${data.users} users, ${data.items} items, ${data.clicks} clicks (${data.trainExamples} training examples)` : '';
  el.textContent = `${word}${facts} · ${parts.join(' · ')} · backend ${backend} · ${seconds.toFixed(1)} s`;
}

function renderRuns(runs: RunState[]): void {
  const box = byId('train-runs');
  box.replaceChildren(...runs.map((r, i) => {
    const lastLoss = r.losses.length ? r.losses[r.losses.length - 1].toFixed(3) : '–';
    const ev = r.evals[r.evals.length - 1];
    return h('div', { class: 'run', 'data-run': r.name },
      h('h3', {}, r.name),
      h('div', { class: 'hint' }, r.objective),
      h('div', { class: 'stats' }, `epoch ${r.epoch} · step ${r.step}/${r.stepsPerEpoch} · loss ${lastLoss} · ${Math.round(r.examplesPerSecond)} examples/s`,
        ev ? ` · HR@10 ${ev.hr10.toFixed(3)} (epoch ${ev.epoch})` : ''),
      lossChart(r.losses, { color: COLORS[i % COLORS.length], stepsPerEpoch: r.stepsPerEpoch }));
  }));
}

function renderDebias(runs: RunState[], data: DataSummary): void {
  const rows = runs.map((r) => ({ r, ev: r.evals[r.evals.length - 1] }));
  const table = h('table', { class: 'metrics', id: 'train-metrics' },
    h('thead', {}, h('tr', {}, h('th', {}, 'model (test users, top 10, history excluded)'), h('th', {}, 'HR@10'), h('th', {}, 'aggregate diversity'),
      h('th', {}, 'catalog coverage'), h('th', {}, 'true-preference recall'))),
    h('tbody', {}, ...rows.map(({ r, ev }) => h('tr', { 'data-run': r.name },
      h('td', {}, `${r.name}${ev ? ` (epoch ${ev.epoch})` : ''}`),
      h('td', {}, ev ? ev.hr10.toFixed(3) : '–'),
      h('td', {}, ev ? `${ev.aggregateDiversity} of ${data.items}` : '–'),
      h('td', {}, ev ? `${(ev.coverage * 100).toFixed(1)}%` : '–'),
      h('td', {}, ev?.preferenceRecall != null ? ev.preferenceRecall.toFixed(3) : '–')))));
  const chart = bucketChart([
    { name: 'training clicks (data)', color: DATA_COLOR, buckets: data.dataBuckets },
    ...rows.map(({ r, ev }, i) => ({ name: `${r.name} top-10 impressions`, color: COLORS[i % COLORS.length], buckets: ev?.buckets ?? [] })),
  ]);
  byId('train-debias').replaceChildren(h('h3', {}, 'Debiasing: where the top-10 impressions go'), table, chart);
}
