/**
 * EntityValidator: SHACL (shapes/*.ttl) on the quads an entity maps to; per-type mode
 * reject | warn; a violation is 400 BadRequestData naming the attribute and the rule
 * (GS CIM 009 v1.8 §5.5.1; issue 3 "Validation and errors").
 */
import N3 from 'n3';
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityValidator } from '../../../../fabric/ngsi-ld/service/EntityValidator.js';
import { AEROS } from '../../../../fabric/rdf/namespaces.js';
import { loadOntology, loadShapes } from '../../../../fabric/validation/modelFiles.js';
import { EX, prop, rel, setup } from './serviceFixtures.js';

const shapes = loadShapes();
const ontology = loadOntology();
const IE = `${AEROS}InfrastructureElement`;

function ie(id: string, attributes: Record<string, AttributeInstance>): Entity {
  return { id, types: [IE], attributes: new Map(Object.entries(attributes).map(([n, a]) => [`${AEROS}${n}`, [a]])) };
}
const validIe = (id = 'urn:ngsi-ld:InfrastructureElement:1') => ie(id, { domain: rel('urn:ngsi-ld:Domain:d1'), cpuCores: prop(4) });

describe('EntityValidator with the shipped shapes', () => {
  const validator = new EntityValidator({ shapes, ontology });

  test('a conforming InfrastructureElement passes with no warnings', async () => {
    const e = validIe();
    await expect(validator.validate(e, entityToQuads(e))).resolves.toEqual({ warnings: [] });
  });

  test('a missing aeros:domain is BadRequestData naming the attribute and sh:MinCountConstraintComponent', async () => {
    const e = ie('urn:ngsi-ld:InfrastructureElement:2', { cpuCores: prop(4) });
    const error = await validator.validate(e, entityToQuads(e)).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(BadRequestDataError);
    const { message, extensions } = error as BadRequestDataError;
    expect(message).toContain(`${AEROS}domain`);
    expect(message).toContain('sh:MinCountConstraintComponent');
    expect(extensions).toMatchObject({ attribute: `${AEROS}domain`, rule: 'sh:MinCountConstraintComponent' });
  });

  test('a datatype violation names the attribute and sh:DatatypeConstraintComponent', async () => {
    const e = ie('urn:ngsi-ld:InfrastructureElement:3', { domain: rel('urn:ngsi-ld:Domain:d1'), cpuCores: prop('four') });
    const error = (await validator.validate(e, entityToQuads(e)).catch((x: unknown) => x)) as BadRequestDataError;
    expect(error.extensions.attribute).toBe(`${AEROS}cpuCores`);
    expect(error.extensions.violations).toContainEqual(expect.objectContaining({ attribute: `${AEROS}cpuCores`, rule: 'sh:DatatypeConstraintComponent' }));
  });

  test('entities of types no shape targets skip SHACL (counted as skipped)', async () => {
    const v = new EntityValidator({ shapes, ontology });
    const e: Entity = { id: 'urn:x:1', types: [`${EX}Thing`], attributes: new Map() };
    await v.validate(e, entityToQuads(e));
    expect(v.stats()).toMatchObject({ validated: 0, skipped: 1 });
  });
});

describe('per-type mode', () => {
  test('warn: the violation comes back as a warning and the service writes the entity', async () => {
    const validator = new EntityValidator({ shapes, ontology, modes: { [IE]: 'warn' } });
    const { writer } = setup({ validator });
    const entities = new EntityService(writer);
    const outcome = await entities.create(ie('urn:ngsi-ld:InfrastructureElement:4', { cpuCores: prop(2) }));
    expect(outcome.warnings).toEqual([expect.objectContaining({ attribute: `${AEROS}domain`, rule: 'sh:MinCountConstraintComponent' })]);
    expect(entities.find('urn:ngsi-ld:InfrastructureElement:4')).toBeDefined();
  });

  test('reject through the service: nothing is written', async () => {
    const validator = new EntityValidator({ shapes, ontology });
    const { writer, store } = setup({ validator });
    const entities = new EntityService(writer);
    await expect(entities.create(ie('urn:ngsi-ld:InfrastructureElement:5', { cpuCores: prop(2) }))).rejects.toBeInstanceOf(BadRequestDataError);
    expect(store.size()).toBe(0);
  });

  test('an update that breaks the shape is rejected and the entity stays as it was', async () => {
    const validator = new EntityValidator({ shapes, ontology });
    const { writer } = setup({ validator });
    const entities = new EntityService(writer);
    const e = validIe('urn:ngsi-ld:InfrastructureElement:6');
    await entities.create(e);
    await expect(entities.deleteAttribute(e.id, `${AEROS}domain`)).rejects.toBeInstanceOf(BadRequestDataError);
    expect(entities.retrieve(e.id).attributes.has(`${AEROS}domain`)).toBe(true);
  });

  test('off: no validation', async () => {
    const validator = new EntityValidator({ shapes, ontology, defaultMode: 'off' });
    const e = ie('urn:ngsi-ld:InfrastructureElement:7', {});
    expect(validator.applies(e)).toBe(false);
    await expect(validator.validate(e, entityToQuads(e))).resolves.toEqual({ warnings: [] });
  });
});

describe('class hierarchy from the ontology', () => {
  test('an entity of a subclass of a targeted class is validated against the superclass shape', async () => {
    const turtle = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> .
      ex:VehicleShape a sh:NodeShape ; sh:targetClass ex:Vehicle ; sh:property [ sh:path ex:plate ; sh:minCount 1 ] .`;
    const onto = new N3.Parser().parse(`@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . <${EX}Car> rdfs:subClassOf <${EX}Vehicle> .`);
    const validator = new EntityValidator({ shapes: new N3.Parser().parse(turtle), ontology: onto });
    const car: Entity = { id: 'urn:ngsi-ld:Car:1', types: [`${EX}Car`], attributes: new Map() };
    expect(validator.applies(car)).toBe(true);
    await expect(validator.validate(car, entityToQuads(car))).rejects.toMatchObject({ extensions: { attribute: `${EX}plate` } });
    const withoutOntology = new EntityValidator({ shapes: new N3.Parser().parse(turtle) });
    expect(withoutOntology.applies(car)).toBe(false);
  });

  test('owl:equivalentClass / owl:equivalentProperty: an entity in the equivalent vocabulary is checked by the shape, the violation named as written', async () => {
    const turtle = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
      ex:VehicleShape a sh:NodeShape ; sh:targetClass ex:Vehicle ; sh:property [ sh:path ex:plate ; sh:datatype xsd:string ] .`;
    const onto = new N3.Parser().parse(`@prefix owl: <http://www.w3.org/2002/07/owl#> .
      <${EX}Vehicle> owl:equivalentClass <urn:other:Auto> . <${EX}plate> owl:equivalentProperty <urn:other:kennzeichen> .`);
    const validator = new EntityValidator({ shapes: new N3.Parser().parse(turtle), ontology: onto, modes: { [`${EX}Vehicle`]: 'warn' } });
    const auto: Entity = { id: 'urn:ngsi-ld:Auto:1', types: ['urn:other:Auto'], attributes: new Map([['urn:other:kennzeichen', [prop(42)]]]) };
    expect(validator.applies(auto)).toBe(true);
    expect(validator.modeOf('urn:other:Auto')).toBe('warn');
    expect((await validator.validate(auto, entityToQuads(auto))).warnings).toEqual([expect.objectContaining({ attribute: 'urn:other:kennzeichen', rule: 'sh:DatatypeConstraintComponent' })]);
    const ok: Entity = { ...auto, attributes: new Map([['urn:other:kennzeichen', [prop('V-AB 12')]]]) };
    await expect(validator.validate(ok, entityToQuads(ok))).resolves.toEqual({ warnings: [] });
  });

  test('a subclass without its own mode inherits its superclass mode; its own entry wins (node config ngsiLdValidation)', async () => {
    const turtle = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> .
      ex:VehicleShape a sh:NodeShape ; sh:targetClass ex:Vehicle ; sh:property [ sh:path ex:plate ; sh:minCount 1 ] .`;
    const onto = new N3.Parser().parse(`@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      <${EX}Car> rdfs:subClassOf <${EX}Vehicle> . <${EX}Taxi> rdfs:subClassOf <${EX}Car> .`);
    const validator = new EntityValidator({ shapes: new N3.Parser().parse(turtle), ontology: onto, modes: { [`${EX}Vehicle`]: 'warn' } });
    const taxi: Entity = { id: 'urn:ngsi-ld:Taxi:1', types: [`${EX}Taxi`], attributes: new Map() };
    expect([validator.modeOf(`${EX}Taxi`), validator.modeOf(`${EX}Car`), validator.modeOf(`${EX}Boat`)]).toEqual(['warn', 'warn', 'reject']);
    expect((await validator.validate(taxi, entityToQuads(taxi))).warnings).toEqual([expect.objectContaining({ attribute: `${EX}plate` })]);
    validator.setMode(`${EX}Car`, 'reject');
    expect(validator.modeOf(`${EX}Taxi`)).toBe('reject');
    await expect(validator.validate(taxi, entityToQuads(taxi))).rejects.toBeInstanceOf(BadRequestDataError);
    validator.setMode(`${EX}Taxi`, 'off');
    expect(validator.applies(taxi)).toBe(false);
  });
});
