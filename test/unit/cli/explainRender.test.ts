/** The text rendering of `continuum explain`: abbreviations, premise marks, asserted triples, missing provenance. */
import { abbreviate, renderExplanations, renderTrust } from '../../../fabric/cli/commands/explainCommand.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

describe('explain rendering', () => {
  it('abbreviates rdf:type and the well-known vocabularies, leaves other IRIs and literals alone', () => {
    expect(abbreviate('<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>')).toBe('a');
    expect(abbreviate(`(<${RDFS}subClassOf>/<${RDFS}subClassOf>)*`)).toBe('(rdfs:subClassOf/rdfs:subClassOf)*');
    expect(abbreviate('"95"^^<http://www.w3.org/2001/XMLSchema#integer>')).toBe('"95"^^xsd:integer');
    expect(abbreviate('<http://example.org/x>')).toBe('<http://example.org/x>');
  });

  it('marks asserted-and-derived premises, asserted triples and derivations without a provenance record', () => {
    const text = renderExplanations('http://example.org/x', [{
      subject: '<http://example.org/x>', predicate: '<http://example.org/p>', object: '"v"', asserted: true,
      derivations: [
        { graph: REASONER_GRAPHS.inferred('graph', 'r1'), ruleId: 'r1', ruleSet: 'graph', generatedAt: '2026-01-01T00:00:00Z', run: 'urn:run:1', bindings: [],
          premises: [{ subject: '<http://example.org/x>', predicate: '<http://example.org/q>', object: '"v"', derived: false, derivedIn: [REASONER_GRAPHS.inferred('graph', 'r2')] }] },
        { graph: 'http://example.org/other', bindings: [], premises: [] },
      ],
    }]);
    expect(text).toBe([
      '<http://example.org/x> <http://example.org/p> "v"',
      '  also asserted in the data',
      '  derived by rule r1 (rule set graph)',
      '    run <urn:run:1> at 2026-01-01T00:00:00Z',
      '    premises:',
      '      <http://example.org/x> <http://example.org/q> "v"   [asserted, also derived by graph/r2]',
      '  derived by graph <http://example.org/other> (no provenance record)',
      '    premises: none hold now (the data changed since the run?)',
      '',
    ].join('\n'));
  });
});

describe('explain rendering of a trust score', () => {
  it('prints the node\'s wording indented under a heading, and nothing for a resource without a score', () => {
    const trust = { explanation: 'Trust score 0.5 of <urn:x>.\nReliability 0.8: the only IE.' } as Parameters<typeof renderTrust>[0];
    expect(renderTrust(trust)).toBe('\nTrust score:\n\n  Trust score 0.5 of <urn:x>.\n  Reliability 0.8: the only IE.\n');
    expect(renderTrust(undefined)).toBe('');
  });
});
