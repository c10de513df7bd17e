import { setupBackend } from './backend-setup';
import { setupCheckpointPanel } from './checkpoint-panel';
import { byId, errorText, showError } from './dom';
import { state } from './page-state';
import { readQuery } from './query';
import { setupTrainPanel } from './train-panel';

/** Shows an error that nothing else caught at the top of the page (never a blank page). */
function fatal(e: unknown): void {
  state.fatal = errorText(e);
  showError(byId('fatal'), `Something went wrong: ${state.fatal}`);
}

window.addEventListener('error', (ev) => fatal(ev.error ?? ev.message));
window.addEventListener('unhandledrejection', (ev) => fatal(ev.reason));

async function main(): Promise<void> {
  const query = readQuery(location.search);
  const backendEl = byId('backend');
  const { info, report, leftOut } = await setupBackend(query.backend);
  state.backend = { name: info.name, tfBackend: info.tfBackend, tried: [...info.tried, ...leftOut] };
  backendEl.textContent = `${info.name}${query.backend === 'auto' ? '' : ' (requested)'}`;
  backendEl.title = report;
  backendEl.dataset.backend = info.name;
  const train = setupTrainPanel(() => info.name, query.sizes);
  const checkpoint = setupCheckpointPanel();
  state.ready = true;
  document.body.dataset.ready = 'true';
  if (query.checkpoint) void checkpoint.loadUrl(query.checkpoint);
  if (query.autotrain) void train.start();
}

main().catch((e) => {
  byId('backend').textContent = 'none';
  fatal(e);
});
