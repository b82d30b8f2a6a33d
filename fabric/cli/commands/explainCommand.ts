/**
 * `continuum explain <IRI>` — why the reasoner derived what it derived about a resource
 * (docs/reasoner.md "Provenance model"), through FabricClient.explain (GET /reasoner/explain).
 * For every derived triple with the IRI as subject: the rule (id, rule set, IRI), the run and
 * its time, and the premises the rule matched, marking those that are themselves derived so
 * the explanation can be followed backwards. --output json prints the node's answer as is.
 * Then, for an IE with a trust score, that score in plain words (GET /trust/{ieId}, docs/trust.md), and the policy
 * verdicts about the resource (GET /policies/violations?focus=…&explain=true, docs/policies.md): which policy,
 * severity, message and facts; for a policy IRI, that policy's current violations. --tenant asks all three of that
 * NGSI-LD tenant (NGSILD-Tenant, GS CIM 009 §4.14): its derivations, scores and policies, from its own store.
 */
import { FabricClient } from '../../client/FabricClient.js';
import type { Derivation, Premise, TripleExplanation } from '../../../reasoner/explainDerivation.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import type { CliIo } from '../CliIo.js';
import type { PolicyReport } from '../../../reasoner/policy/PolicyService.js';
import type { TrustBreakdownView } from '../../../reasoner/trust/trustBreakdown.js';

export interface ExplainOptions { url: string; output: 'text' | 'json'; tenant?: string }

const RDF_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
const PREFIXES: ReadonlyArray<[string, string]> = [
  ['rdf:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  ['rdfs:', 'http://www.w3.org/2000/01/rdf-schema#'],
  ['owl:', 'http://www.w3.org/2002/07/owl#'],
  ['xsd:', 'http://www.w3.org/2001/XMLSchema#'],
  ['sh:', 'http://www.w3.org/ns/shacl#'],
];

/** N-Triples terms (and property paths of them) with the well-known vocabularies abbreviated. */
export function abbreviate(text: string): string {
  if (text === RDF_TYPE) return 'a';
  return text.replace(/<([^<>\s]*)>/g, (whole, iri: string) => {
    for (const [prefix, ns] of PREFIXES) {
      if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length))) return prefix + iri.slice(ns.length);
    }
    return whole;
  });
}

/** "rdfs-owl/subclass-type" for an inferred graph IRI, the IRI itself otherwise. */
function graphName(graph: string): string {
  return graph.startsWith(REASONER_GRAPHS.prefix) ? graph.slice(REASONER_GRAPHS.prefix.length) : `<${graph}>`;
}

const tripleText = (t: { subject: string; predicate: string; object: string }): string =>
  `${abbreviate(t.subject)} ${abbreviate(t.predicate)} ${abbreviate(t.object)}`;

function premiseLine(p: Premise): string {
  const marks: string[] = [];
  if (p.path) marks.push('property path');
  if (p.derived) marks.push(`derived by ${p.derivedIn.map(graphName).join(', ')}`);
  else if (p.derivedIn.length > 0) marks.push(`asserted, also derived by ${p.derivedIn.map(graphName).join(', ')}`);
  return `      ${tripleText(p)}${marks.length > 0 ? `   [${marks.join('; ')}]` : ''}`;
}

function derivationLines(d: Derivation): string[] {
  const rule = d.ruleId ? `rule ${d.ruleId} (rule set ${d.ruleSet ?? '?'})${d.rule ? ` <${d.rule}>` : ''}` : `graph ${graphName(d.graph)} (no provenance record)`;
  const lines = [`  derived by ${rule}`];
  if (d.generatedAt || d.run) lines.push(`    run ${d.run ? `<${d.run}>` : '?'}${d.generatedAt ? ` at ${d.generatedAt}` : ''}`);
  if (d.premises.length === 0) lines.push('    premises: none hold now (the data changed since the run?)');
  else lines.push('    premises:', ...d.premises.map(premiseLine));
  return lines;
}

/** The readable rendering of GET /reasoner/explain. */
export function renderExplanations(iri: string, explanations: readonly TripleExplanation[]): string {
  if (explanations.length === 0) return `No derived triples about <${iri}> (has the reasoner run? POST /reasoner/run).\n`;
  const blocks = explanations.map((e) => [
    tripleText(e),
    ...(e.asserted ? ['  also asserted in the data'] : []),
    ...e.derivations.flatMap(derivationLines),
  ].join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** Policy verdicts about the resource (or, for a policy IRI, that policy's violations), docs/policies.md. */
export function renderPolicyVerdicts(report: PolicyReport): string {
  if (report.violations.length === 0) return '';
  const blocks = report.violations.map((v) => [
    `policy ${v.explanation?.label ? `"${v.explanation.label}" ` : ''}<${v.policy}>: ${v.severity} at <${v.focusNode}>`,
    `  ${v.message}`,
    ...(v.explanation && v.explanation.facts.length > 0 ? ['  facts:', ...v.explanation.facts.map((f) => `      ${tripleText(f)}${f.proposed ? '   [proposed]' : ''}${f.path ? '   [property path]' : ''}`)] : []),
  ].join('\n'));
  return `\nPolicy verdicts:\n\n${blocks.join('\n\n')}\n`;
}

/** The IE's trust score in plain words (the node's own wording), docs/trust.md. */
export function renderTrust(trust: TrustBreakdownView | undefined): string {
  return trust ? `\nTrust score:\n\n${trust.explanation.split('\n').map((line) => `  ${line}`).join('\n')}\n` : '';
}

export async function explainCommand(iri: string, options: ExplainOptions, io: CliIo): Promise<void> {
  const client = new FabricClient({ url: options.url, ...(options.tenant ? { tenant: options.tenant } : {}) });
  const [explanations, trust, policies] = await Promise.all([client.explain(iri), client.trustBreakdown(iri), client.policyViolations({ focus: iri, explain: true })]);
  io.out(options.output === 'json'
    ? `${JSON.stringify({ explanations, ...(trust ? { trust } : {}), policyVerdicts: policies.violations }, null, 2)}\n`
    : renderExplanations(iri, explanations) + renderTrust(trust) + renderPolicyVerdicts(policies));
}
