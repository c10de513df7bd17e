import { Command, Option } from 'commander';
import { initBackend } from '@clrec/backend';
import { BACKENDS, parseEfficiencyArgs, parseSamplingArgs, SCENARIOS } from './cli-args';
import { runEfficiency } from './efficiency';
import { formatEfficiencyTable } from './efficiency-report';
import { BenchArgError } from './list-option';
import { machineInfo } from './machine';
import { OBJECTIVE_NAMES } from './objectives';
import { defaultPython, findPeerScript, type PeerSetup, torchVersion } from './peer';
import { BenchProgress } from './progress';
import { runSampling } from './sampling';
import { formatSamplingTable } from './sampling-report';
import { SETTINGS, VARIANTS } from './workload-config';

/** Log lines go to stderr so stdout carries only the result tables. */
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Builds the `clrec-bench` program: `efficiency` (training throughput, ours vs the PyTorch peer) and
 * `sampling` (objectives compared on a dataset). Flags are validated before any work starts; an unknown
 * scenario or value is an error listing the valid ones.
 */
export function buildProgram(): Command {
  const program = new Command('clrec-bench')
    .description('CLRec benchmarks: training throughput (efficiency) and sampling objectives (sampling).')
    .showHelpAfterError();
  program.on('command:*', (operands: string[]) => {
    throw new BenchArgError(`unknown scenario "${operands[0]}"; valid scenarios: ${SCENARIOS.join(', ')}`);
  });

  program
    .command('efficiency')
    .description('WORKLOAD.md throughput: positive examples/s of CLRec-inter, CLRec-cached and sampled softmax, per item-feature setting.')
    .option('--steps <n>', 'measured steps per cell (default 30, as peer_torch.py)')
    .option('--warmup <n>', 'unmeasured warm-up steps per cell (default 5, as peer_torch.py)')
    .option('--variants <list>', `comma-separated: ${VARIANTS.join(', ')} (default all)`)
    .option('--settings <list>', `comma-separated: ${SETTINGS.join(', ')} (default all)`)
    .option('--peer', 'also run shared/bench/peer_torch.py (PyTorch) on the same settings, alternating per cell')
    .option('--peer-threads <n>', 'torch threads of the peer (default: all cores, as WORKLOAD.md specifies)')
    .option('--peer-script <path>', 'path of peer_torch.py (default: $CLREC_SHARED_DIR/bench or shared/bench above the working directory)')
    .option('--python <path>', 'Python interpreter with torch (default /usr/bin/python3)')
    .option('--catalog <n>', 'catalog size (default 100000; shrink for quick runs)')
    .option('--seed <n>', 'seed of the synthetic data and weights (default 7)')
    .option('--optimizer <name>', 'lazy (sparse embedding rows, as WORKLOAD.md) | dense (core Adam on every row)')
    .option('--no-dedupe', 'encode repeated items once per lookup: off')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory for efficiency.json / efficiency.md (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseEfficiencyArgs(flags);
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
            peer = { python, script, threads: args.peerThreads || machineInfo().cores };
          } else skipped = `torch is not importable by ${python} (${tv.error}); install python3-torch`;
        }
        if (skipped) log(`efficiency: --peer: ${skipped}; measuring ours only`);
      }
      const report = await runEfficiency({
        shape: args.shape, settings: args.settings, variants: args.variants, steps: args.steps, warmup: args.warmup,
        peer, peerSkippedReason: skipped, peerTorch: torch, out: args.out, backend: { name: backend.name, threads: backend.threads },
        optimizer: args.optimizer, dedupe: args.dedupe, progress: new BenchProgress(),
      });
      process.stdout.write(`${formatEfficiencyTable(report.cells)}\n`);
    });

  program
    .command('sampling')
    .description('Train the same encoder with each sampling objective (via the clrec trainer) and compare HR@50, NDCG@10, top-50 diversity, ex/s.')
    .option('--data <path>', 'dataset (any format `clrec train` reads), e.g. ../shared/datasets/amazon-5core/Beauty.txt')
    .option('--epochs <n>', 'epochs per objective (default 3)')
    .option('--objectives <list>', `comma-separated: ${OBJECTIVE_NAMES.join(', ')} (default all)`)
    .option('--max-eval-users <n>', 'evaluate a seeded sample of at most n users per split (default 0 = all)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKENDS]).default('auto'))
    .option('--out <dir>', 'output directory: sampling.json, sampling.md and one run directory per objective (default bench-results)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const args = parseSamplingArgs(flags);
      const backend = await initBackend({ prefer: args.backend, log });
      const report = await runSampling({
        data: args.data, epochs: args.epochs, objectives: args.objectives, out: args.out, maxEvalUsers: args.maxEvalUsers,
        backend: backend.name, progress: new BenchProgress(),
      });
      process.stdout.write(`${formatSamplingTable(report.rows, report.dataset.numItems)}\n`);
      if (report.failed.length) throw new Error(`${report.failed.length} objective(s) failed: ${report.failed.map((f) => f.objective).join(', ')}`);
    });
  return program;
}
