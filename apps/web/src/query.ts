/** The page's query parameters: `?backend=`, `?checkpoint=`, `?autotrain=1` and the training sizes. */
export interface PageQuery {
  /** Backend to force (`wasm`, `webgl`, `webgpu`, `cpu`), or `auto` (default). */
  backend: string;
  /** URL of a served checkpoint (or run) directory to load at start. */
  checkpoint: string | null;
  /** Start training at once. */
  autotrain: boolean;
  /** Overrides of the training form (`users`, `items`, `epochs`, `batch`). */
  sizes: Partial<Record<'users' | 'items' | 'epochs' | 'batch', number>>;
}

/** Reads {@link PageQuery} from a location's search string. */
export function readQuery(search: string): PageQuery {
  const q = new URLSearchParams(search);
  const sizes: PageQuery['sizes'] = {};
  for (const k of ['users', 'items', 'epochs', 'batch'] as const) {
    const v = Number(q.get(k));
    if (q.has(k) && Number.isInteger(v) && v > 0) sizes[k] = v;
  }
  return {
    backend: (q.get('backend') ?? 'auto').trim().toLowerCase() || 'auto',
    checkpoint: q.get('checkpoint'),
    autotrain: q.get('autotrain') === '1' || q.get('autotrain') === 'true',
    sizes,
  };
}
