import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend/node';
import { BACKENDS, parseEfficiencyArgs, SWEEP_CATALOGS } from './cli-args';
import { runEfficiency } from './efficiency';
import { formatEfficiencyTable, formatSweepTable } from './efficiency-report';
import { machineInfo } from './machine';
import { defaultPython, findPeerScript, peerThreadCounts, type PeerSetup, torchVersion } from './peer';
import { BenchProgress } from './progress';
import { SETTINGS, type Setting, VARIANTS } from './workload-config';

/** Log lines go to stderr so stdout carries only the result tables. */
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The `throughput` sub-command (also registered as `efficiency`, its earlier name, which defaults to
 * all three item-feature settings): WORKLOAD.md training throughput of ours and, with `--peer`, of
 * `peer_torch.py` in the same run, alternating; `--sweep` repeats it over catalogs of 10k, 100k and 1M
 * items and adds the step-time / memory sweep table.
 * @param name command name
 * @param defaultSettings settings run when `--settings` is absent
 */
export function throughputCommand(name: string, defaultSettings: readonly Setting[]): Command {
  return new Command(name)
    .description('WORKLOAD.md throughput: positive examples/s of CLRec-inter, CLRec-cached and sampled softmax (ours and, with --peer, PyTorch), ' +
      'per item-feature setting; --sweep: step time and memory from 10k to 1M items.')
    .option('--steps <n>', 'measured steps per cell (default 30, as peer_torch.py)')
    .option('--warmup <n>', 'unmeasured warm-up steps per cell (default 5, as peer_torch.py)')
    .option('--variants <list>', `comma-separated: ${VARIANTS.join(', ')} (default all)`)
    .option('--settings <list>', `comma-separated: ${SETTINGS.join(', ')} (default ${defaultSettings.join(',')})`)
    .option('--peer', 'also run shared/bench/peer_torch.py (PyTorch) on the same settings, alternating per cell, at each --peer-threads count; ' +
      'ours is compared with the faster')
    .option('--peer-threads <list>', 'comma-separated torch thread counts of the peer, e.g. 1,2 (0 = all cores; default: 1 and all cores, as WORKLOAD.md asks)')
    .option('--peer-script <path>', 'path of peer_torch.py (default: $CLREC_SHARED_DIR/bench or shared/bench above the working directory)')
    .option('--python <path>', 'Python interpreter with torch (default /usr/bin/python3)')
    .option('--catalog <n>', 'catalog size (default 100000; shrink for quick runs)')
    .option('--sweep', `catalog-size sweep: run every cell at ${SWEEP_CATALOGS.join(', ')} items`)
    .option('--catalogs <list>', 'catalog sizes of the sweep (comma-separated; implies a sweep)')
    .option('--seed <n>', 'seed of the synthetic data and weights (default 7)')
    .option('--optimizer <name>', 'lazy (touched embedding rows only, as WORKLOAD.md) | dense (Adam on every row)')
    .option('--no-dedupe', 'encode repeated items once per lookup: off')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory for throughput.json / throughput.md (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseEfficiencyArgs(flags, defaultSettings);
      const backend = await initBackend({ prefer: args.backend, log });
      let peer: PeerSetup | null = null;
      let skipped: string | undefined;
      let torch: string | undefined;
      if (args.peer) {
        const script = findPeerScript(args.peerScript);
        const python = args.python ?? defaultPython();
        if (!script) skipped = `peer_torch.py not found${args.peerScript ? ` at ${args.peerScript}` : ''} (pass --peer-script)`;
        else {
          const tv = torchVersion(python);
          if (tv.version) {
            torch = tv.version;
            peer = { python, script, threads: peerThreadCounts(args.peerThreads, machineInfo().cores) };
          } else skipped = `torch is not importable by ${python} (${tv.error}); install python3-torch`;
        }
        if (skipped) log(`${name}: --peer: ${skipped}; measuring ours only`);
      }
      const report = await runEfficiency({
        shape: args.shape, catalogs: args.catalogs, settings: args.settings, variants: args.variants, steps: args.steps, warmup: args.warmup,
        peer, peerSkippedReason: skipped, peerTorch: torch, out: args.out,
        backend: { name: backend.name, threads: backend.threads, native: backend.native },
        optimizer: args.optimizer, dedupe: args.dedupe, progress: new BenchProgress(),
      });
      process.stdout.write(`${formatEfficiencyTable(report.cells, report.peer.ran ? report.peer.threads : undefined)}\n`);
      if (report.catalogs.length > 1) process.stdout.write(`\n${formatSweepTable(report.cells)}\n`);
    });
}
