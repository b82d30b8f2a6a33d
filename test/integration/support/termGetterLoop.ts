/**
 * Child process of test/integration/jsToWasmInlining-crash.test.ts. A hot loop reads oxigraph's `Quad.subject` (a Wasm
 * export returning `externref`); every 500 rounds, while such a call runs, the Wasm's own JS callback (wasm-bindgen
 * registers each term object it makes with a FinalizationRegistry) changes the map of an object the optimized loop
 * relies on, so V8 deoptimizes the loop lazily at the call's return — as a GC inside the call does under load. With
 * JS→Wasm inlining on, that is V8 11's fatal "unreachable code" in `Deoptimizer::DoComputeBuiltinContinuation`
 * (fabric/node/jsToWasmInlining.ts). Prints "survived <deopts> <sum>" and exits 0 unless the process dies first.
 * Usage: node termGetterLoop.js node|bare <rounds>   (node: import FabricNode first, as every process running a node does)
 */
import oxigraph from 'oxigraph';

const [mode, rounds] = [process.argv[2], Number(process.argv[3])];
if (mode === 'node') await import('../../../fabric/node/FabricNode.js');

const store = new oxigraph.Store();
const ex = (local: string) => oxigraph.namedNode(`http://example.org/loop/${local}`);
for (let i = 0; i < 50; i++) store.add(oxigraph.quad(ex(`s${i}`), ex('p'), ex(`o${i}`)));
const quads = store.match(null, null, null, null);

/** Read by the loop; a new property gives it a new map, which invalidates optimized code that relied on the old one. */
const scale: Record<string, number> = { factor: 1 };

function subjectLengths(qs: oxigraph.Quad[]): number {
  let n = 0;
  for (let i = 0; i < qs.length; i++) n += qs[i]!.subject.value.length * scale.factor!;
  return n;
}

let deopts = 0;
let armed = false;
const register = FinalizationRegistry.prototype.register;
FinalizationRegistry.prototype.register = function (this: FinalizationRegistry<unknown>, ...args: Parameters<typeof register>) {
  if (armed) {
    armed = false;
    scale[`extra${deopts}`] = deopts;
  }
  return register.apply(this, args);
};

let sum = 0;
for (let round = 1; round <= rounds; round++) {
  if (round % 500 === 0) {
    deopts++;
    armed = true;
  }
  sum += subjectLengths(quads);
}
process.stdout.write(`survived ${deopts} ${sum}\n`);
