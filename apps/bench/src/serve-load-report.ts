import { formatMarkdownTable, formatNumber } from './markdown-table';
import type { ServeLoadReport } from './serve-load';

/** The load table: per index and concurrency, throughput, latency and non-200 answers. */
export function formatServeLoadTable(r: ServeLoadReport): string {
  return formatMarkdownTable(
    ['index', 'concurrency', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-200', 'errors'],
    r.rows.map((x) => {
      const bad = Object.entries(x.statuses).filter(([s]) => s !== '200').reduce((a, [, c]) => a + c, 0);
      return [
        x.index, String(x.concurrency), formatNumber(x.requests), formatNumber(x.requestsPerSecond, 1), formatNumber(x.latency.p50Ms, 2),
        formatNumber(x.latency.p99Ms, 2), formatNumber(x.latency.maxMs, 2), String(bad), String(x.errors),
      ];
    }),
  );
}

/** `serve-load.md`: setup and the load table. */
export function formatServeLoadMarkdown(r: ServeLoadReport): string {
  return `# Serving load test: POST /recommend on loopback\n\n` +
    `Model ${r.checkpoint}: ${formatNumber(r.catalog.items)} items, d = ${r.catalog.dim}. Target: ${r.target}. ` +
    `Closed loop: each of \`concurrency\` clients sends its next request when the previous answer arrived; ` +
    `${r.bodies} distinct bodies (real test-user histories, mean ${r.meanHistory.toFixed(1)} clicks), k = ${r.k}.\n\n` +
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, backend ${r.backend.name}; ` +
    `load average ${r.machine.loadAverage1m} at start.\n\n${formatServeLoadTable(r)}\n`;
}
