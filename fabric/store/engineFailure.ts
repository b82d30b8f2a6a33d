/**
 * Whether oxigraph failed inside its WebAssembly rather than rejecting a query: a trap (RuntimeError, e.g. "memory access
 * out of bounds") or a JS stack overflow unwinding through its frames (an ASK of ≈ 1,000 triple patterns in one group
 * overflows it; 500 do not). In a query replica's thread the instance is broken after it (every later call fails), so
 * the replica is replaced (docs/query-replicas.md "Queries that break the engine").
 */
export function isEngineFailure(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || (error instanceof RangeError && /call stack/i.test(error.message));
}
