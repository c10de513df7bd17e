import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { parse as parseYaml } from 'yaml';

/** Reads a JSON (`.json`) or YAML (`.yaml`/`.yml`, or anything else) config file into a plain object. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${path}: cannot be read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`config file ${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`config file ${path}: must hold a mapping of keys to values`);
  }
  return value as Record<string, unknown>;
}
