/** Thrown for invalid configuration; the message names the source (file or flag) and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
