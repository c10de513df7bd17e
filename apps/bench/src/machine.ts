import { availableParallelism, cpus, loadavg } from 'node:os';

/** The machine a benchmark ran on (reported with every throughput figure). */
export interface MachineInfo {
  /** Logical cores available to this process. */
  cores: number;
  /** CPU model string of the first core. */
  cpu: string;
  /** Node.js version. */
  node: string;
  /** 1-minute load average when the report was made (other work on the machine skews throughput). */
  loadAverage1m: number;
}

/** Describes this machine now. */
export function machineInfo(): MachineInfo {
  return {
    cores: typeof availableParallelism === 'function' ? availableParallelism() : cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** The 1-minute load average, rounded to 2 decimals. */
export function currentLoad(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
