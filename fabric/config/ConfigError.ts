/** A configuration value that is missing, malformed or out of range; `source` says where it came from. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly key: string, detail: string) {
    super(`Invalid configuration ${key} (from ${source}): ${detail}`);
    this.name = 'ConfigError';
  }
}
