/** Where commands write: stdout for results, stderr for progress and diagnostics. Injected so tests can capture. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
  interactive: Boolean(process.stderr.isTTY),
};
