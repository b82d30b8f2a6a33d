/**
 * The one process-wide V8 setting of a node: optimized JavaScript does not inline calls into WebAssembly.
 *
 * Why: Node 20's V8 (11.3) inlines JS→Wasm calls into TurboFan code (`--turbo-inline-js-wasm-calls`, on by
 * default). When such code is deoptimized lazily at the return of an inlined call whose Wasm function returns an
 * `externref`, the deoptimizer has no case for that result kind and stops the process:
 * "# Fatal error … unreachable code" in `Deoptimizer::DoComputeBuiltinContinuation`. oxigraph's term getters
 * (`Quad.subject` / `predicate` / `object` / `graph`: wasm-bindgen exports returning `externref`) are such calls, and
 * the store, the reasoner and trust read them in hot loops; a GC inside the call (its JS callbacks allocate the term
 * objects) can mark the caller for deoptimization. Evidence, reproduction and cost: docs/architecture.md
 * "Process-wide V8 setting", docs/benchmarks.md §4 "JS→Wasm inlining off", test/integration/jsToWasmInlining-crash.test.ts.
 *
 * V8 flags belong to the process, so the worker threads (reasoner, query replicas) get it too. It must be set before
 * hot code is optimized: FabricNode's module does it when it is first imported.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flag: no inlining of JS→Wasm calls (the wrappers and small Wasm functions) into optimized JavaScript. */
export const NO_JS_TO_WASM_INLINING = '--no-turbo-inline-js-wasm-calls';

/** Turns JS→Wasm call inlining off for this process and its worker threads (idempotent). */
export function disableJsToWasmInlining(): void {
  setFlagsFromString(NO_JS_TO_WASM_INLINING);
}
