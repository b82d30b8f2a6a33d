import { join } from 'node:path';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';
import { loadRuleFiles } from '../../../reasoner/loadRules.js';
import { isAffected, premiseSignature, type Guard } from '../../../reasoner/premiseSignature.js';

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const AEROS = 'https://w3id.org/aerOS/continuum#';
const atoms = (predicates: string[], types: string[] = []) => ({ predicates: new Set(predicates), types: new Set(types) });
const never = () => false;

describe('premiseSignature', () => {
  const rules = new Map(loadRuleFiles(join(packageRoot(), 'shapes', 'rules')).map((r) => [r.id, r]));

  it('guards the variable predicate of subproperty-statement by rdfs:subPropertyOf', () => {
    const sig = rules.get('subproperty-statement')!.premises;
    expect([...sig.predicates]).toEqual([`${RDFS}subPropertyOf`]);
    expect(sig.variablePredicates).toEqual([[{ predicate: `${RDFS}subPropertyOf`, position: 'subject' }]]);
    const hasSuper = (iri: string, g: Guard) => iri === `${AEROS}currentCpuUsage` && g.predicate === `${RDFS}subPropertyOf`;
    expect(isAffected(sig, atoms([`${AEROS}currentCpuUsage`]), hasSuper)).toBe(true);
    expect(isAffected(sig, atoms(['https://w3id.org/continuum-fabric/ns#trustScore']), hasSuper)).toBe(false);
    expect(isAffected(sig, atoms([`${RDFS}subPropertyOf`]), never)).toBe(true);
  });

  it('guards inverse-of from both UNION branches and subclass-type by rdfs:subClassOf', () => {
    expect(rules.get('inverse-of')!.premises.variablePredicates).toEqual([[
      { predicate: `${OWL}inverseOf`, position: 'subject' }, { predicate: `${OWL}inverseOf`, position: 'object' }]]);
    const sig = rules.get('subclass-type')!.premises;
    expect(sig.variableTypes).toEqual([[{ predicate: `${RDFS}subClassOf`, position: 'subject' }]]);
    expect(isAffected(sig, atoms([TYPE], [`${AEROS}InfrastructureElement`]), (iri) => iri === `${AEROS}InfrastructureElement`)).toBe(true);
    expect(isAffected(sig, atoms([TYPE], ['http://example.org/Leaf']), never)).toBe(false);
  });

  it('records constant rdf:type classes and treats an unguarded variable predicate as always affected', () => {
    const typed = premiseSignature('CONSTRUCT { ?x <http://e/p> 1 } WHERE { ?x a <http://e/C> ; <http://e/q> ?v }', 't');
    expect([...typed.types]).toEqual(['http://e/C']);
    expect(isAffected(typed, atoms([TYPE], ['http://e/D']), never)).toBe(false);
    expect(isAffected(typed, atoms([TYPE], ['http://e/C']), never)).toBe(true);
    const open = premiseSignature('CONSTRUCT { ?x <http://e/p> ?v } WHERE { ?x ?p ?v }', 'o');
    expect(open.variablePredicates).toEqual(['any']);
    expect(isAffected(open, atoms(['http://anything/at-all']), never)).toBe(true);
    const optionalGuard = premiseSignature('CONSTRUCT { ?x <http://e/p> ?v } WHERE { ?x ?p ?v OPTIONAL { ?p <http://e/g> ?z } }', 'g');
    expect(optionalGuard.variablePredicates).toEqual(['any']); // an OPTIONAL pattern does not bind every solution
  });
});
