/**
 * Differential test: executeUpdate must leave a store in the same state as
 * oxigraph's own Store.update on a copy (modulo blank-node labels), when the
 * WHERE default graph is the real default graph as in plain SPARQL 1.1.
 */
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { executeUpdate } from '../../../../fabric/store/update/UpdatePlanner.js';
import { EX, copyOf, storeFrom } from './helpers.js';

const DATA = `
ex:a ex:name "Alice" ; ex:age 30 ; ex:knows ex:b .
ex:b ex:name "Bob" ; ex:age 25 .
_:c ex:name "Carol" .
ex:g1 { ex:a ex:role ex:admin . ex:b ex:role ex:user . _:x ex:tag "t" }
ex:g2 { ex:b ex:age 26 }
`;

const P = `PREFIX ex: <${EX}> `;
const UPDATES = [
  'INSERT DATA { ex:c ex:name "Carl" . GRAPH ex:g3 { _:n ex:p [ ex:q 1 ] } }',
  'DELETE DATA { ex:a ex:age 30 . GRAPH ex:g1 { ex:b ex:role ex:user } }',
  'DELETE WHERE { ?s ex:age ?a }',
  'DELETE WHERE { GRAPH ?g { ?s ex:role ?r } }',
  'DELETE { ?s ex:age ?a } INSERT { ?s ex:age ?b } WHERE { ?s ex:age ?a BIND(?a + 1 AS ?b) }',
  'INSERT { ?s ex:friendOf [ ex:name ?n ] } WHERE { ?s ex:knows ?o . ?o ex:name ?n }',
  'WITH ex:g1 DELETE { ?s ex:role ?r } INSERT { ?s ex:hadRole ?r } WHERE { ?s ex:role ?r }',
  'INSERT { GRAPH ex:out { ?s ?p ?o } } USING ex:g1 USING ex:g2 WHERE { ?s ?p ?o }',
  'INSERT { GRAPH ?g { ?s ex:seen true } } USING NAMED ex:g2 WHERE { GRAPH ?g { ?s ?p ?o } }',
  'INSERT { ?s ex:fromDefault ?o } USING NAMED ex:g2 WHERE { ?s ?p ?o }',
  'INSERT { ?s ex:up ?u } WHERE { ?s ex:name ?n BIND(UCASE(?n) AS ?u) FILTER(STRLEN(?n) > 3) }',
  'DELETE { ?s ?p ?o } WHERE { ?s ?p ?o MINUS { ?s ex:knows ?x } FILTER(isIRI(?s)) }',
  'INSERT { ?s ex:count ?c } WHERE { SELECT ?s (COUNT(*) AS ?c) WHERE { ?s ?p ?o } GROUP BY ?s }',
  'INSERT { ?s ex:opt ?r } WHERE { ?s ex:name ?n OPTIONAL { GRAPH ex:g1 { ?s ex:role ?r } } }',
  'INSERT { ?s ex:v ?v } WHERE { VALUES ?v { 1 2 } ?s ex:knows ?o }',
  'CLEAR GRAPH ex:g1', 'DROP DEFAULT', 'CLEAR NAMED', 'DROP ALL', 'DROP SILENT GRAPH ex:none',
  'ADD ex:g1 TO ex:g2', 'ADD DEFAULT TO ex:g1', 'COPY ex:g1 TO ex:g2', 'COPY ex:g2 TO DEFAULT', 'MOVE ex:g1 TO ex:g2',
  'MOVE DEFAULT TO ex:g9', 'MOVE ex:g1 TO ex:g1', 'COPY SILENT ex:none TO ex:g1',
  'INSERT DATA { ex:z ex:p 1 } ; DELETE { ?s ex:p ?o } INSERT { ?s ex:p2 ?o } WHERE { ?s ex:p ?o } ; COPY DEFAULT TO ex:g4',
];

describe('executeUpdate agrees with oxigraph Store.update', () => {
  it.each(UPDATES)('%s', (update) => {
    const ours = storeFrom(DATA);
    const reference = copyOf(ours);
    executeUpdate(ours, P + update, undefined, { unionDefaultGraph: false });
    reference.update(P + update);
    expect(isomorphic(ours.match() as RDF.Quad[], reference.match() as RDF.Quad[])).toBe(true);
  });

  it('reports a change set that turns the before-state into the after-state', () => {
    const ours = storeFrom(DATA);
    const replay = copyOf(ours);
    const change = executeUpdate(ours, P + UPDATES[4] + ' ; ' + UPDATES[5] + ' ; ' + UPDATES[7]);
    for (const q of change.deletes) replay.delete(q as never);
    for (const q of change.inserts) replay.add(q as never);
    expect(replay.match().length).toBe(ours.match().length);
    for (const q of ours.match()) expect(replay.has(q)).toBe(true);
  });
});
