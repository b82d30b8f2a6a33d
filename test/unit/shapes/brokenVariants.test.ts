/**
 * Hand-made broken variants of the Smart Data Models examples give the expected
 * SHACL violations (focus node, path, constraint, message); valid alternative
 * enumeration forms (aerOS individual vs urn:ngsi-ld code) are accepted.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import type { ValidationReport } from '../../../fabric/validation/ValidationReport.js';
import { loadContext, loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { NgsiLdToNaturalRdf } from './ngsiLdToNaturalRdf.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const SH = 'http://www.w3.org/ns/shacl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/smart-data-models');
const { namedNode, literal, quad } = N3.DataFactory;

const validator = new ShaclValidator(loadShapes());
const converter = new NgsiLdToNaturalRdf(loadContext(), loadOntology());

async function example(model: string): Promise<{ id: string; quads: Quad[] }> {
  const entity = JSON.parse(readFileSync(join(FIXTURES, `${model}.normalized.jsonld`), 'utf8')) as Record<string, unknown>;
  return { id: entity.id as string, quads: (await converter.convert(entity)).quads };
}

const without = (quads: Quad[], predicate: string): Quad[] => quads.filter((q) => q.predicate.value !== predicate);
const replaced = (quads: Quad[], predicate: string, object: N3.Quad_Object): Quad[] => {
  const subject = quads[0].subject;
  return [...without(quads, predicate), quad(subject as N3.Quad_Subject, namedNode(predicate), object)];
};
const only = (report: ValidationReport) => {
  expect(report.conforms).toBe(false);
  expect(report.results).toHaveLength(1);
  return report.results[0];
};

describe('broken InfrastructureElement variants', () => {
  it('missing domain: min count violation with the shape message', async () => {
    const { id, quads } = await example('InfrastructureElement');
    const r = only(await validator.validate(without(quads, `${AEROS}domain`)));
    expect(r).toMatchObject({ focusNode: id, path: `<${AEROS}domain>`, constraint: `${SH}MinCountConstraintComponent`, severity: 'Violation' });
    expect(r.message).toBe('An infrastructure element belongs to exactly one domain (aeros:domain).');
  });

  it('two domains: max count violation', async () => {
    const { id, quads } = await example('InfrastructureElement');
    const extra = quad(namedNode(id), namedNode(`${AEROS}domain`), namedNode('urn:ngsi-ld:Domain:Other'));
    const r = only(await validator.validate([...quads, extra]));
    expect(r).toMatchObject({ focusNode: id, path: `<${AEROS}domain>`, constraint: `${SH}MaxCountConstraintComponent` });
  });

  it('cpuCores 0: below the minimum of 1', async () => {
    const { id, quads } = await example('InfrastructureElement');
    const r = only(await validator.validate(replaced(quads, `${AEROS}cpuCores`, literal('0', namedNode(`${XSD}integer`)))));
    expect(r).toMatchObject({ focusNode: id, path: `<${AEROS}cpuCores>`, value: '0', constraint: `${SH}MinInclusiveConstraintComponent` });
  });

  it('cpuCores as a string: datatype violation (and, per SHACL §4.4, an incomparable value for sh:minInclusive)', async () => {
    const { quads } = await example('InfrastructureElement');
    const report = await validator.validate(replaced(quads, `${AEROS}cpuCores`, literal('8')));
    expect(report.results.map((r) => [r.path, r.value, r.constraint]).sort()).toEqual([
      [`<${AEROS}cpuCores>`, '8', `${SH}DatatypeConstraintComponent`],
      [`<${AEROS}cpuCores>`, '8', `${SH}MinInclusiveConstraintComponent`],
    ]);
  });

  it('currentCpuUsage 150 %: above 100', async () => {
    const { quads } = await example('InfrastructureElement');
    const r = only(await validator.validate(replaced(quads, `${AEROS}currentCpuUsage`, literal('150.5', namedNode(`${XSD}decimal`)))));
    expect(r).toMatchObject({ path: `<${AEROS}currentCpuUsage>`, value: '150.5', constraint: `${SH}MaxInclusiveConstraintComponent` });
  });

  it('trustScore 1.5: ratio above 1', async () => {
    const { quads } = await example('InfrastructureElement');
    const r = only(await validator.validate(replaced(quads, `${CF}trustScore`, literal('1.5', namedNode(`${XSD}double`)))));
    expect(r).toMatchObject({ path: `<${CF}trustScore>`, constraint: `${SH}MaxInclusiveConstraintComponent` });
  });

  it('unknown status code: sh:in violation', async () => {
    const { quads } = await example('InfrastructureElement');
    const r = only(await validator.validate(replaced(quads, `${AEROS}infrastructureElementStatus`, namedNode('urn:ngsi-ld:InfrastructureElementStatus:Sleeping'))));
    expect(r).toMatchObject({ path: `<${AEROS}infrastructureElementStatus>`, value: 'urn:ngsi-ld:InfrastructureElementStatus:Sleeping', constraint: `${SH}InConstraintComponent` });
  });

  it.each([
    [`${AEROS}infrastructureElementStatus`, `${AEROS}ReadyInfrastructureElement`],
    [`${AEROS}infrastructureElementStatus`, 'urn:ngsi-ld:InfrastructureElementStatus:Ready'],
    [`${AEROS}cpuArchitecture`, 'urn:ngsi-ld:CpuArchitecture:x64'],
    [`${AEROS}cpuArchitecture`, `${AEROS}arm64Architecture`],
    [`${AEROS}infrastructureElementTier`, 'urn:ngsi-ld:InfrastructureElementTier:Cloud'],
    [`${AEROS}operatingSystem`, `${AEROS}Linux`],
  ])('%s accepts %s', async (predicate, value) => {
    const { quads } = await example('InfrastructureElement');
    expect((await validator.validate(replaced(quads, predicate, namedNode(value)))).results).toEqual([]);
  });
});

describe('broken ServiceComponent, LowLevelOrchestrator and Domain variants', () => {
  it('component without service: min count violation with the shape message', async () => {
    const { id, quads } = await example('ServiceComponent');
    const r = only(await validator.validate(without(quads, `${AEROS}isPartOfService`)));
    expect(r).toMatchObject({ focusNode: id, path: `<${AEROS}isPartOfService>`, constraint: `${SH}MinCountConstraintComponent` });
    expect(r.message).toBe('A service component is part of exactly one service (aeros:isPartOfService).');
  });

  it('LLO without domain: node-level sh:or violation', async () => {
    const { id, quads } = await example('LowLevelOrchestrator');
    const r = only(await validator.validate(without(quads, `${AEROS}domain`)));
    expect(r).toMatchObject({ focusNode: id, path: null, constraint: `${SH}OrConstraintComponent` });
    expect(r.message).toContain('exactly one domain');
  });

  it('LLO using aeros:belongsTo instead of aeros:domain conforms', async () => {
    const { id, quads } = await example('LowLevelOrchestrator');
    const data = [...without(quads, `${AEROS}domain`), quad(namedNode(id), namedNode(`${AEROS}belongsTo`), namedNode('urn:ngsi-ld:Domain:Cloud'))];
    expect((await validator.validate(data)).results).toEqual([]);
  });

  it('domain status as aerOS individual conforms; a literal does not', async () => {
    const { quads } = await example('Domain');
    expect((await validator.validate(replaced(quads, `${AEROS}domainStatus`, namedNode(`${AEROS}FunctionalDomain`)))).conforms).toBe(true);
    const r = only(await validator.validate(replaced(quads, `${AEROS}domainStatus`, literal('Functional'))));
    expect(r).toMatchObject({ path: `<${AEROS}domainStatus>`, constraint: `${SH}InConstraintComponent` });
  });

  it('network port 70000: above 65535', async () => {
    const { quads } = await example('NetworkPort');
    const r = only(await validator.validate(replaced(quads, `${AEROS}portNumber`, literal('70000', namedNode(`${XSD}integer`)))));
    expect(r).toMatchObject({ path: `<${AEROS}portNumber>`, constraint: `${SH}MaxInclusiveConstraintComponent` });
  });
});
