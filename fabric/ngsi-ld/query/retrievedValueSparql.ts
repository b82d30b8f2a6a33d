/**
 * SPARQL for the value a natural object `S P V` shows in the entity as GET /entities/{id} returns it
 * (mapping/quadsToEntity.ts), so a q term (GS CIM 009 v1.8 §4.9) compares on the SPARQL path what it compares on
 * the retrieved entity (qEvaluator.ts, docs/ngsi-ld-mapping.md "q on the retrieved entity"):
 *
 * - a string Property value the natural triple cannot give back (an enumeration code written as the ontology
 *   individual, a string of an `xsd:dateTime` / `xsd:date` property) shows the reifier's cf:jsonValue string, but
 *   only while that reifier reads its content from cf:jsonValue: no bare object joined it (it has a datasetId, or
 *   no natural object of S P is unclaimed). A joined instance reads from the natural triples: the IRI as its string,
 *   the typed literal as a typed value (quadsToEntity.contentFor);
 * - a bare individual of P's ontology enumeration (no reifier, no default instance it could join, the only
 *   unclaimed object of S P) shows its canonical code (quadsToEntity.bareInstance, OntologyValueMap.codeFor);
 * - an `xsd:anyURI` literal and a language-tagged literal show their string; any other IRI its string;
 * - `relationshipObject` holds when V shows as the object of a Relationship / ListRelationship: a reifier of that
 *   kind claims it (and, for the default instance, no unclaimed literal joined it and made it a Property), or it is
 *   unclaimed and joins such a default instance, or it is bare with only IRIs around (bareKind) and no enumeration
 *   code. (A reifier of another kind claiming an IRI — hand-written RDF — is read as not a Relationship here.)
 * - `vocabObject` (asked with `vocab`) holds when V shows as the vocab of a VocabProperty: a VocabProperty
 *   reifier claims it (and, for the default instance, no unclaimed literal joined it and made it a Property), or it
 *   is unclaimed and joins a live default instance of that kind (with no unclaimed literal) — quadsToEntity.readInstance.
 * "Unclaimed": no reifier (a node with a cf:attributeKind) reifies the triple (quadsToEntity.readAttributes).
 */
import { CF } from '../../rdf/namespaces.js';
import { NGSI_LD } from '../codec/ngsiLdVocabulary.js';
import type { OntologyValueMap } from '../mapping/OntologyValueMap.js';
import { iriRef, stringLiteral, type Variables } from './sparqlText.js';

const REIFIES = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies>';
const XSD_ANY_URI = '<http://www.w3.org/2001/XMLSchema#anyURI>';
const [KIND, JSON_VALUE] = ['attributeKind', 'jsonValue'].map((m) => `<${CF}${m}>`);
const DATASET_ID = `<${NGSI_LD}datasetId>`;
const RELATIONSHIP_KINDS = `<${NGSI_LD}Relationship>, <${NGSI_LD}ListRelationship>`;
const VOCAB_KIND = `<${NGSI_LD}VocabProperty>`;

/** The natural triple `subject predicate value` (variables / IRI reference) and the IRI of the predicate. */
export interface NaturalTriple {
  readonly subject: string;
  readonly predicate: string;
  readonly predicateIri: string;
  readonly value: string;
}

export interface RetrievedValue {
  /** Patterns to append to the group that binds the triple (OPTIONALs, BINDs). */
  readonly patterns: string;
  /** The value as the retrieved entity shows it, for string comparisons and patterns. */
  readonly comparable: string;
  /** A SPARQL expression that holds when the value is a Relationship / ListRelationship object. */
  readonly relationshipObject: string;
  /** A SPARQL expression that holds when the value shows as a VocabProperty's vocab; when asked. */
  readonly vocabObject?: string;
}

export function retrievedValue(t: NaturalTriple, vars: Variables, enumerations: OntologyValueMap, vocab = false): RetrievedValue {
  const { subject: s, predicate: p, value: v } = t;
  const claimedBy = (r: string, o: string, kind = vars.next('k')): string =>
    `${r} ${REIFIES} <<( ${s} ${p} ${o} )>> ; ${KIND} ${kind} . `;
  const unclaimed = (o: string): string => `${s} ${p} ${o} . FILTER NOT EXISTS { ${claimedBy(vars.next('rc'), o)}} `;
  const liveDefault = (d: string, kind = vars.next('k')): string => {
    const o = vars.next('od');
    return `${claimedBy(d, o, kind)}${s} ${p} ${o} . FILTER NOT EXISTS { ${d} ${DATASET_ID} ${vars.next('ds')} } `;
  };
  const hasDatasetId = (r: string): string => `EXISTS { ${r} ${DATASET_ID} ${vars.next('ds')} }`;
  const noUnclaimed = (filter = ''): string => {
    const o = vars.next('ou');
    return `NOT EXISTS { ${unclaimed(o)}${filter ? `FILTER(${filter.replaceAll('$o', o)}) ` : ''}}`;
  };
  /** V is the only natural object of S P: the cheap test first (the common case: nothing was joined). */
  const onlyObject = (o = vars.next('oo')): string => `NOT EXISTS { ${s} ${p} ${o} FILTER(!sameTerm(${o}, ${v})) }`;
  // Nested IFs are lazy (SPARQL 1.1 §17.4.1.2): the EXISTS tests run only where the cheaper ones do not decide.
  const either = (...tests: string[]): string => tests.reduceRight((rest, test) => `IF(${test}, true, ${rest})`);

  // The reifier's cf:jsonValue string, while that reifier reads its content from it (no bare object joined it).
  const [rj, j, code] = [vars.next('rj'), vars.next('j'), vars.next('code')];
  let patterns = `OPTIONAL { ${rj} ${REIFIES} <<( ${s} ${p} ${v} )>> ; ${JSON_VALUE} ${j} . `
    + `FILTER(IF(STRSTARTS(STR(${j}), "\\""), ${either(onlyObject(), hasDatasetId(rj), noUnclaimed())}, false)) `
    + `BIND(SUBSTR(STR(${j}), 2, STRLEN(STR(${j})) - 2) AS ${code}) } `;
  // A bare individual of the property's enumeration (VALUES joins on V): its canonical code.
  const codes = enumerations.canonicalCodes(t.predicateIri);
  let enumCode: string | undefined;
  if (codes && codes.size > 0) {
    const c = vars.next('ec');
    enumCode = vars.next('ecode');
    const rows = [...codes].map(([iri, name]) => `(${iriRef(iri)} ${stringLiteral(name)})`).join(' ');
    // Not when the reifier's code was found (the common case: an NGSI-LD write), nor when V is claimed or can join.
    const bare = `IF(BOUND(${code}) || EXISTS { ${claimedBy(vars.next('re'), v)}}, false, `
      + `IF(EXISTS { ${liveDefault(vars.next('rd'))}}, false, ${noUnclaimed(`!sameTerm($o, ${v})`)}))`;
    patterns += `OPTIONAL { VALUES (${v} ${c}) { ${rows} } FILTER(${bare}) BIND(${c} AS ${enumCode}) } `;
  }
  const codeOrElse = (otherwise: string): string => `COALESCE(${code}, ${enumCode ? `${enumCode}, ` : ''}${otherwise})`;
  const comparable = `IF(isIRI(${v}), ${codeOrElse(`STR(${v})`)}, ${codeOrElse(`IF(LANG(${v}) = "" && DATATYPE(${v}) != ${XSD_ANY_URI}, ${v}, STR(${v}))`)})`;

  const [rr, kr, rd, kd] = [vars.next('rr'), vars.next('k'), vars.next('rd'), vars.next('k')];
  const claimedAsRelationship = `EXISTS { ${claimedBy(rr, v, kr)}FILTER(${kr} IN (${RELATIONSHIP_KINDS}) && ${either(hasDatasetId(rr), noUnclaimed('!isIRI($o)'))}) }`;
  const unclaimedAsRelationship = `IF(EXISTS { ${claimedBy(vars.next('rc'), v)}}, false, IF(${noUnclaimed('!isIRI($o)')}, `
    + `${either(`EXISTS { ${liveDefault(rd, kd)}FILTER(${kd} IN (${RELATIONSHIP_KINDS})) }`, `NOT EXISTS { ${liveDefault(vars.next('rd'))}}`)}, false))`;
  const decided = [`BOUND(${code})`, ...(enumCode ? [`BOUND(${enumCode})`] : [])].join(' || ');
  const relationshipObject = `IF(!isIRI(${v}) || ${decided}, false, IF(${claimedAsRelationship}, true, ${unclaimedAsRelationship}))`;
  if (!vocab) return { patterns, comparable, relationshipObject };

  // IRIs only (lazy IF), then the cheap claimed test first.
  const [rv, kv, rdv, kdv] = [vars.next('rv'), vars.next('k'), vars.next('rd'), vars.next('k')];
  const claimedAsVocab = `EXISTS { ${claimedBy(rv, v, kv)}FILTER(${kv} = ${VOCAB_KIND} && ${either(hasDatasetId(rv), noUnclaimed('!isIRI($o)'))}) }`;
  const unclaimedAsVocab = `IF(EXISTS { ${claimedBy(vars.next('rc'), v)}}, false, IF(${noUnclaimed('!isIRI($o)')}, `
    + `EXISTS { ${liveDefault(rdv, kdv)}FILTER(${kdv} = ${VOCAB_KIND}) }, false))`;
  return { patterns, comparable, relationshipObject, vocabObject: `IF(isIRI(${v}), IF(${claimedAsVocab}, true, ${unclaimedAsVocab}), false)` };
}
