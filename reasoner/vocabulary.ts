/**
 * The reasoner's vocabulary (docs/reasoner.md). Rule and provenance terms are
 * Continuum Fabric extensions under CF (fabric/rdf/namespaces.ts); SHACL
 * Advanced Features terms keep their W3C IRIs (SHACL-AF §8 "SHACL Rules").
 */
import { CF, GRAPHS, SH } from '../fabric/rdf/namespaces.js';

/** W3C PROV-O (https://www.w3.org/TR/prov-o/), used for when and by which run. */
export const PROV_O = 'http://www.w3.org/ns/prov#';

export const RULE = {
  /** A SPARQL CONSTRUCT rule: `ex:r a cf:Rule ; cf:construct "CONSTRUCT … WHERE …"`. */
  Rule: `${CF}Rule`,
  construct: `${CF}construct`,
  /** Optional stable id (slug) of a rule; default: the local name of its IRI. */
  ruleId: `${CF}ruleId`,
  /** `true` switches a rule off (sh:deactivated does the same for SHACL rules). */
  deactivated: `${CF}deactivated`,
} as const;

export const PROV = {
  InferredGraph: `${CF}InferredGraph`,
  ReasonerRun: `${CF}ReasonerRun`,
  /** inferred graph → the rule IRI (or the shape IRI for a blank-node SHACL rule) */
  derivedBy: `${CF}derivedBy`,
  ruleId: `${CF}ruleId`,
  ruleSet: `${CF}ruleSet`,
  /** inferred graph → the run that wrote it */
  wasGeneratedBy: `${PROV_O}wasGeneratedBy`,
  generatedAtTime: `${PROV_O}generatedAtTime`,
  Activity: `${PROV_O}Activity`,
  tripleCount: `${CF}tripleCount`,
  /** the compiled set-based SPARQL CONSTRUCT the rule ran as */
  query: `${CF}query`,
  startedAtTime: `${PROV_O}startedAtTime`,
  endedAtTime: `${PROV_O}endedAtTime`,
  iterations: `${CF}iterations`,
  rulesRun: `${CF}rulesRun`,
} as const;

export const SHACL = {
  rule: `${SH}rule`,
  SPARQLRule: `${SH}SPARQLRule`,
  TripleRule: `${SH}TripleRule`,
  construct: `${SH}construct`,
  prefixes: `${SH}prefixes`,
  declare: `${SH}declare`,
  prefix: `${SH}prefix`,
  namespace: `${SH}namespace`,
  condition: `${SH}condition`,
  deactivated: `${SH}deactivated`,
  order: `${SH}order`,
  subject: `${SH}subject`,
  predicate: `${SH}predicate`,
  object: `${SH}object`,
  this: `${SH}this`,
  path: `${SH}path`,
  targetClass: `${SH}targetClass`,
  targetNode: `${SH}targetNode`,
  targetSubjectsOf: `${SH}targetSubjectsOf`,
  targetObjectsOf: `${SH}targetObjectsOf`,
  NodeShape: `${SH}NodeShape`,
  property: `${SH}property`,
} as const;

/** Named graphs of the reasoner (docs/named-graphs.md). */
export const REASONER_GRAPHS = {
  /** Rules managed through the graph (/reasoner/rules); shapes/rules/*.ttl stay files. */
  rules: GRAPHS.rules,
  /** One graph per rule: <prefix><rule-set>/<rule-id>. */
  inferred: (ruleSet: string, ruleId: string): string => `${GRAPHS.inferredPrefix}${ruleSet}/${ruleId}`,
  /** Records of the last run and of every inferred graph. */
  provenance: `${GRAPHS.inferredPrefix}provenance`,
  prefix: GRAPHS.inferredPrefix,
} as const;
