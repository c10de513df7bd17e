import { type CheckpointInput, type CheckpointRecommender, parseCheckpoint, recommenderFromCheckpoint } from '@clrec/training';
import { filesFromPicker, filesFromUrl } from './checkpoint-source';
import { byId, errorText, h, showError } from './dom';
import { state } from './page-state';

/** Items shown in the catalog at once (the filter finds the others). */
const CATALOG_SHOWN = 600;

/**
 * Wires the "Recommend from a checkpoint" panel: loading from the file input or a URL (checks, model
 * and exact index in the page), the catalog as buttons, the visitor's history and its top 10 with
 * the history left out (the body `clrec serve` answers: `{"items": history, "k": 10, "exclude_history": true}`).
 */
export function setupCheckpointPanel(): { loadUrl(url: string): Promise<void> } {
  const picker = byId<HTMLInputElement>('ck-files');
  const errBox = byId('ck-error');
  const status = byId('ck-status');
  const view = byId('ck-view');
  const catalog = byId('ck-catalog');
  const filter = byId<HTMLInputElement>('ck-filter');
  const historyList = byId('ck-history');
  const topList = byId('ck-top');
  const clear = byId<HTMLButtonElement>('ck-clear');
  let rec: CheckpointRecommender | null = null;
  const ck = state.checkpoint;

  const fail = (e: unknown) => {
    ck.status = 'error';
    ck.error = errorText(e);
    status.dataset.status = 'error';
    status.textContent = 'The checkpoint could not be loaded (see the message above); the page still works: choose other files.';
    showError(errBox, ck.error);
  };
  const load = async (read: () => Promise<CheckpointInput>, what: string) => {
    Object.assign(ck, { status: 'loading', error: null, source: what, items: 0, verified: [], history: [], top: [] });
    status.dataset.status = 'loading';
    status.textContent = `Loading ${what}…`;
    showError(errBox, null);
    try {
      const parsed = await parseCheckpoint(await read());
      const next = await recommenderFromCheckpoint(parsed);
      rec?.dispose();
      rec = next;
      const m = rec.model;
      Object.assign(ck, { status: 'ready', items: m.numItems, verified: parsed.verified, source: parsed.dir });
      const enc = (parsed.manifest.model?.user as { kind?: string } | undefined)?.kind ?? m.config.userEncoder;
      const checked = parsed.verified.length ? `sizes and SHA-256 checked: ${parsed.verified.join(', ')}` : `format version ${parsed.manifest.version}: no checksums to check`;
      status.dataset.status = 'ready';
      status.textContent = `Loaded ${parsed.dir}: ${m.numItems} items, d ${m.dim}, ${enc} user encoder, ${m.similarity}, trained ${parsed.manifest.state.epoch} epoch(s) on ${parsed.manifest.dataset.name}; ${checked}. Click items to build a history.`;
      filter.value = '';
      renderCatalog();
      renderLists();
      view.hidden = false;
      clear.disabled = false;
    } catch (e) {
      rec?.dispose();
      rec = null;
      view.hidden = true;
      clear.disabled = true;
      fail(e);
    }
  };
  const renderCatalog = () => {
    if (!rec) return;
    const q = filter.value.trim().toLowerCase();
    const ids = rec.model.itemIds.slice(1).filter((id) => !q || id.toLowerCase().includes(q));
    const clicked = new Set(ck.history);
    const buttons = ids.slice(0, CATALOG_SHOWN).map((id) => h('button', { type: 'button', 'data-item': id, class: clicked.has(id) ? 'clicked' : null }, id));
    const more = ids.length > CATALOG_SHOWN ? h('span', { class: 'hint' }, `… ${ids.length - CATALOG_SHOWN} more: filter to find them`) : null;
    catalog.replaceChildren(...buttons, ...(more ? [more] : []));
  };
  const renderLists = () => {
    historyList.replaceChildren(...ck.history.map((id) => h('li', {}, id)));
    topList.replaceChildren(...ck.top.map((r) => h('li', { 'data-id': r.id }, r.id, h('span', { class: 'score' }, r.score.toFixed(4)))));
    topList.dataset.count = String(ck.top.length);
    topList.dataset.history = String(ck.history.length);
  };
  const click = (id: string) => {
    if (!rec) return;
    try {
      ck.history = [...ck.history, id];
      ck.top = rec.recommend({ items: ck.history, k: 10, exclude_history: true });
      showError(errBox, null);
    } catch (e) {
      ck.history = ck.history.slice(0, -1);
      showError(errBox, errorText(e));
    }
    renderLists();
    catalog.querySelector(`button[data-item="${CSS.escape(id)}"]`)?.classList.add('clicked');
  };

  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    if (files.length) void load(() => filesFromPicker(files), files.map((f) => f.name).join(', '));
  });
  catalog.addEventListener('click', (ev) => {
    const id = (ev.target as HTMLElement).closest('button')?.dataset.item;
    if (id !== undefined) click(id);
  });
  filter.addEventListener('input', renderCatalog);
  clear.addEventListener('click', () => {
    ck.history = [];
    ck.top = [];
    renderCatalog();
    renderLists();
  });
  return { loadUrl: (url) => load(() => filesFromUrl(url), url) };
}
