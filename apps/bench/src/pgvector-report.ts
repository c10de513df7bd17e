import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { PgvectorBenchReport } from './pgvector-bench';

const ms = (v: number) => formatNumber(v, v < 10 ? 3 : 1);

/** Builds: pgvector load and index time (rows/s of CREATE INDEX) next to the usearch build on the same vectors. */
export function formatPgvectorBuildTable(r: PgvectorBenchReport): string {
  const rows = r.pgvectorBuilds.map((b) => [
    b.dataset, formatNumber(b.n), String(b.dim), `pgvector (${b.connection})`, `m ${b.m}, ef_construction ${b.efConstruction}`,
    formatNumber(b.loadSeconds, 1), formatNumber(b.indexSeconds, 1), formatNumber(b.buildSeconds, 1), formatNumber(b.buildCpuSeconds, 1), formatNumber(b.indexRowsPerSecond),
  ]);
  const seen = new Set<string>();
  for (const h of r.usearch) {
    const key = `${h.n}:${h.connectivity}:${h.expansionAdd}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push([
      h.dataset, formatNumber(h.n), String(h.dim), `usearch (${h.buildThreads} thread(s))`, `M ${h.connectivity}, efC ${h.expansionAdd}`,
      '—', formatNumber(h.buildSeconds, 1), formatNumber(h.buildSeconds, 1), formatNumber(h.buildCpuSeconds, 1), formatNumber(h.n / h.buildSeconds),
    ]);
  }
  return formatMarkdownTable(['catalog', 'n', 'd', 'index', 'graph', 'load s', 'index s', 'build s', 'CPU s', 'index rows/s'], rows);
}

/** Search: recall@k and latency per ef, pgvector and usearch, with the exact scan's latency for reference. */
export function formatPgvectorSearchTable(r: PgvectorBenchReport): string {
  const rows: string[][] = [];
  for (const e of r.exact) {
    rows.push([e.dataset, formatNumber(e.n), 'exact scan', '—', '1.0000', ms(e.single.p50Ms), ms(e.single.p99Ms), ms(e.singleCpu.p99Ms), '—', ms(e.batchedMsPerQuery)]);
  }
  for (const p of r.pgvector) {
    rows.push([p.dataset, formatNumber(p.n), 'pgvector', String(p.efSearch), p.recall.toFixed(4), ms(p.single.p50Ms), ms(p.single.p99Ms), ms(p.singleCpu.p99Ms),
      `${ms(p.batch.p50Ms)} / ${ms(p.batch.p99Ms)}`, ms(p.batchedMsPerQuery)]);
  }
  for (const h of r.usearch) {
    rows.push([h.dataset, formatNumber(h.n), `usearch M${h.connectivity}`, String(h.expansionSearch), h.recall.toFixed(4), ms(h.single.p50Ms), ms(h.single.p99Ms), ms(h.singleCpu.p99Ms),
      '—', ms(1000 / h.batchedQps)]);
  }
  return formatMarkdownTable(['catalog', 'n', 'index', 'ef', `recall@${r.k}`, 'single p50 ms', 'single p99 ms', 'CPU p99 ms', `batch of ${r.batchSize} p50 / p99 ms`, 'batched ms/query'], rows);
}

/** `pgvector.md`: setup, the build table and the search table. */
export function formatPgvectorMarkdown(r: PgvectorBenchReport): string {
  const threads = r.usearch[0]?.searchThreads;
  return `# pgvector benchmark: PostgreSQL HNSW top-${r.k} next to usearch\n\n` + (r.command ? `Command: \`${r.command}\`\n\n` : '') +
    `Cosine similarity (\`vector_cosine_ops\`, rows l2-normalised). Machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}; ` +
    `exact ground truth on tfjs ${r.backend.name}; load average ${r.machine.loadAverage1m} at start, ${r.loadAfter} at the end.\n\n` +
    `Catalogs:\n\n${r.datasets.map((d) => `- ${d.name}, n = ${formatNumber(d.n)}, d = ${d.dim}, ${d.queries} queries: ${d.description}`).join('\n')}\n\n` +
    `## Build\n\nLoad = opening the store and copying the rows in; index = \`CREATE INDEX … USING hnsw\` (one backend process, single-threaded).\n\n${formatPgvectorBuildTable(r)}\n\n` +
    `## Search\n\nSingle = one query per \`search\` call (one SQL statement, a round trip to the store's worker thread); batch = ${r.batchSize} queries per call ` +
    `(one statement per query, all run in one call to the worker). Recall@${r.k} against the exact scan over all queries.` + (threads ? ` usearch batched = all queries in one call on ${threads} thread(s).` : '') +
    `\n\n${formatPgvectorSearchTable(r)}\n\nWall time ${formatNumber(r.wallSeconds, 0)} s.\n`;
}
