/**
 * The store call that commits an entity write's change (EntityWriter, CommitCoalescer), applied in
 * memory before it returns. A change that only inserts (a new entity, GS CIM 009 §5.6.1) goes in as
 * ground N-Quads text through the store's bulk `load` (one parse inside oxigraph, the text itself
 * logged) instead of per-quad `has` + `add` calls into WASM (a 58-quad IE at 10k / 40k IEs: ≈ 0.2 ms as one
 * load of its bytes vs ≈ 1.7 ms quad by quad, 25–50 µs a quad; docs/benchmarks.md §4 "oxigraph costs re-measured
 * with the heap reserve"). entityToQuads never writes blank nodes, so the text is ground; quads already present are
 * no-ops in memory and on log replay alike. Any other change is a commit marked exact at `basis` when
 * it is (graphDifference, ChangeSet.exactAt): the durable store then applies it as text too
 * (DurableGraphStore.commit); a store whose count moved past `basis` ignores the mark and checks each quad.
 *
 * When every IRI and language tag of the inserts passes the checks that are at least as strict as
 * oxigraph's strict parser (firstInvalidTerm; the codec already answered 400 BadRequestData naming the
 * attribute for user input that fails them), the change is marked validated and oxigraph parses its
 * text `lenient` (≈ 90 µs less per 65-quad IE, 1.2–1.4× cheaper; docs/benchmarks.md §4). Otherwise
 * (e.g. a tag stored earlier through SPARQL that the stricter check refuses) it takes the strict parse.
 */
import type { CommitReceipt, GraphStore } from '../../store/GraphStore.js';
import { firstInvalidTerm } from '../../rdf/quadTermValidation.js';
import { quadsToNQuads } from '../mapping/nquadsText.js';
import type { GraphChange } from './graphDifference.js';

const LOADED: CommitReceipt = { seq: 0 };

export function commitEntityChange(store: GraphStore, change: GraphChange, basis: number | undefined): Promise<CommitReceipt> {
  if (change.deletes.length === 0 && change.inserts.length === 0) return store.commit(change);
  const validated = firstInvalidTerm(change.inserts) === undefined;
  if (change.deletes.length > 0) {
    return store.commit({
      deletes: change.deletes, inserts: change.inserts, ...(change.exact && basis !== undefined ? { exactAt: basis } : {}), ...(validated ? { validated } : {}),
    });
  }
  return store.load(quadsToNQuads(change.inserts), { format: 'application/n-quads', ...(validated ? { validated } : {}) }).then(() => LOADED);
}
