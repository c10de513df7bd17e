import type { CheckpointInput } from '@clrec/training';

/** The files of a checkpoint directory the page reads (`optimizer.bin` is only for resuming and is left alone). */
const WANTED = ['checkpoint.json', 'weights.bin', 'item-ids.json', 'item-features.json'];

/**
 * The checkpoint files a visitor chose (several files of one checkpoint directory), read into
 * memory. Errors name the file to choose.
 * @throws Error when checkpoint.json or weights.bin is not among them
 */
export async function filesFromPicker(files: readonly File[]): Promise<CheckpointInput> {
  const byName = new Map<string, File>();
  for (const f of files) byName.set(f.name.split(/[\\/]/).pop()!, f);
  const missing = ['checkpoint.json', 'weights.bin'].filter((n) => !byName.has(n));
  if (missing.length) {
    const got = files.length ? files.map((f) => f.name).join(', ') : 'nothing';
    throw new Error(`choose the files of a checkpoint directory (runs/<name>/checkpoints/best): ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing (chosen: ${got}); item-ids.json is needed to recommend by raw ids`);
  }
  const unknown = files.filter((f) => !WANTED.includes(f.name) && f.name !== 'optimizer.bin').map((f) => f.name);
  const dir = (byName.get('checkpoint.json') as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/').slice(0, -1).join('/');
  const read = (name: string) => byName.get(name)?.arrayBuffer();
  const input: CheckpointInput = {
    manifest: (await read('checkpoint.json'))!, weights: (await read('weights.bin'))!,
    itemIds: await read('item-ids.json'), itemFeatures: await read('item-features.json'), source: dir || 'checkpoint',
  };
  if (unknown.length) console.warn(`[clrec] ignoring files that are not part of a checkpoint: ${unknown.join(', ')}`);
  return input;
}

/** GET `url`: the body, or null for a 404; errors say which URL failed and how. */
async function get(url: string): Promise<ArrayBuffer | null> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`${url}: cannot be fetched (${e instanceof Error ? e.message : String(e)}); is the directory served, and from this origin or with CORS?`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

/**
 * The checkpoint served at `url`: a checkpoint directory (holding `checkpoint.json`) or a run
 * directory (its `checkpoints/best`, else `checkpoints/last`, as `clrec serve` picks), fetched into
 * memory. Files that are not there are left out (`parseCheckpoint` says which one it needed).
 * @throws Error naming the URL when nothing there is a checkpoint or a request fails
 */
export async function filesFromUrl(url: string): Promise<CheckpointInput> {
  const given = new URL(url, document.baseURI);
  const root = given.href.replace(/checkpoint\.json$/, '').replace(/\/?$/, '/');
  for (const dir of [root, `${root}checkpoints/best/`, `${root}checkpoints/last/`]) {
    const manifest = await get(`${dir}checkpoint.json`);
    if (manifest === null) continue;
    let listed: Record<string, unknown> = {};
    let features = false;
    try {
      const m = JSON.parse(new TextDecoder().decode(manifest));
      listed = m?.files ?? {};
      features = (m?.model?.item?.features?.length ?? 0) > 0;
    } catch {
      // parseCheckpoint reports a damaged manifest with its reason
    }
    const [weights, itemIds, itemFeatures] = await Promise.all([
      get(`${dir}weights.bin`), get(`${dir}item-ids.json`), features || 'item-features.json' in listed ? get(`${dir}item-features.json`) : null,
    ]);
    // a missing weights.bin (null) is reported by parseCheckpoint, naming the file and its recorded size
    return { manifest, weights: weights as ArrayBuffer, itemIds: itemIds ?? undefined, itemFeatures: itemFeatures ?? undefined, source: dir.replace(/\/$/, '') };
  }
  throw new Error(`${root}checkpoint.json: not found (HTTP 404), nor checkpoints/best or checkpoints/last under ${root}; give the URL of a checkpoint directory written by clrec train`);
}
