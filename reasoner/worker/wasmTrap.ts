/**
 * A WebAssembly trap from the reasoner's worker (`RuntimeError: unreachable`: oxigraph aborted, in practice out of its
 * 4 GiB of linear memory; docs/reasoner.md "Limits"), as it arrives from the worker thread: an Error named RuntimeError,
 * or a message naming the trap.
 */
export function isWasmTrap(error: Error): boolean {
  return error.name === 'RuntimeError' || /\bunreachable\b|out of memory/i.test(error.message);
}
