import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfig, DEFAULT_CONFIG } from './config';
import { readConfigFile } from './config-file';

describe('config', () => {
  it('reads YAML and JSON files and coerces flag strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clrec-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'epochs: 3\nbatchSize: 128\nks: [1, 10]\nexcludeHistory: true\n');
    writeFileSync(join(dir, 'b.json'), '{"dim": 32, "positional": "forward"}');
    let c = applyConfig(DEFAULT_CONFIG, readConfigFile(join(dir, 'a.yaml')), 'a.yaml');
    c = applyConfig(c, readConfigFile(join(dir, 'b.json')), 'b.json');
    c = applyConfig(c, { learningRate: '0.01', ks: '5,20' }, 'command line');
    expect(c).toMatchObject({ epochs: 3, batchSize: 128, excludeHistory: true, dim: 32, positional: 'forward', learningRate: 0.01, ks: [5, 20] });
  });

  it('rejects unknown keys listing the valid ones', () => {
    expect(() => applyConfig(DEFAULT_CONFIG, { epoch: 3 }, 'run.yaml')).toThrow(/run\.yaml: unknown key "epoch"\. Valid keys:\n {2}preset: .*\n {2}data: .*\n[\s\S]*epochs: maximum training epochs/);
  });

  it('rejects bad values with the source and key', () => {
    expect(() => applyConfig(DEFAULT_CONFIG, { epochs: 'many' }, 'command line')).toThrow(/command line: "epochs" must be a number, got "many"/);
    expect(() => applyConfig(DEFAULT_CONFIG, { batchSize: 2.5 }, 'x.json')).toThrow(/"batchSize" must be an integer/);
    expect(() => applyConfig(DEFAULT_CONFIG, { positional: 'sideways' }, 'x')).toThrow(/valid values: backward, forward, none/);
    expect(() => applyConfig(DEFAULT_CONFIG, { loss: 'bpr' }, 'x')).toThrow(/valid values: infonce/);
    expect(() => applyConfig(DEFAULT_CONFIG, { batchSize: 512, queueSize: 256 }, 'x')).toThrow(/queueSize \(256\) must be >= batchSize \(512\)/);
    const dir = mkdtempSync(join(tmpdir(), 'clrec-config-'));
    writeFileSync(join(dir, 'bad.json'), '{"epochs": 3,,}');
    expect(() => readConfigFile(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
    writeFileSync(join(dir, 'list.yaml'), '- 1\n- 2\n');
    expect(() => readConfigFile(join(dir, 'list.yaml'))).toThrow(/must hold a mapping/);
    expect(() => readConfigFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot be read/);
  });
});
