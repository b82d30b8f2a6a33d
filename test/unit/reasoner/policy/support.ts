/** Shared fixtures of the policy tests: a fresh store seeded like a node's first start (ontology, shapes, policies, demo continuum). */
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { seedFreshStore } from '../../../../fabric/node/seedFreshStore.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';

export const AEROS = 'https://w3id.org/aerOS/continuum#';
export const CF = 'https://w3id.org/continuum-fabric/ns#';
export const POL = 'https://w3id.org/continuum-fabric/policies#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const ie = (id: string) => `urn:ngsi-ld:InfrastructureElement:${id}`;
export const comp = (id: string) => `urn:ngsi-ld:ServiceComponent:${id}`;

/** Demo continuum of 50 IEs (seed 42) with the built-in policies. */
export async function seededStore(): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await seedFreshStore(store, { packageRoot: packageRoot(), demo: true, demoIes: 50, demoSeed: 42 });
  return store;
}

export const iri = (v: string) => oxigraph.namedNode(v);
export const lit = (v: string | number | boolean, type?: string) =>
  oxigraph.literal(String(v), oxigraph.namedNode(type ?? (typeof v === 'boolean' ? `${XSD}boolean` : typeof v === 'number' ? (Number.isInteger(v) ? `${XSD}integer` : `${XSD}double`) : `${XSD}string`)));

/** Replace the values of (subject, predicate) in the subject's entity graph, as an NGSI-LD update would. */
export async function setFact(store: MemoryGraphStore, subject: string, predicate: string, object: oxigraph.Term): Promise<void> {
  const s = iri(subject);
  const p = iri(predicate);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, object as oxigraph.Quad_Object, s)] });
}

/** A component that asks for requirements (aeros:infrastructureElementRequirements → a requirements entity). */
export async function requirements(store: MemoryGraphStore, component: string, facts: Array<[string, oxigraph.Term]>): Promise<void> {
  const req = `${component}:requirements`;
  await setFact(store, component, `${AEROS}infrastructureElementRequirements`, iri(req));
  await store.commit({ deletes: [], inserts: [
    oxigraph.quad(iri(req), iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), iri(`${AEROS}InfrastructureElementRequirements`), iri(req)),
    ...facts.map(([p, o]) => oxigraph.quad(iri(req), iri(p), o as oxigraph.Quad_Object, iri(req))),
  ] });
}
