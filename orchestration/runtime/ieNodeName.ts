/**
 * The Kubernetes node an IE is (issue 5: the Kubernetes runtime pins a component to the node of the IE it was placed
 * on). In aerOS an IE of a Kubernetes domain is one worker node and carries its `hostname` (cf:hostname, the Smart Data
 * Models dataModel.IT hostname; NGSI-LD `"hostname": {"type": "Property", "value": "worker-7a"}`), which is the node's
 * kubernetes.io/hostname label. An IE without a hostname is taken to be the whole cluster: the scheduler chooses.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import { CF } from '../../fabric/rdf/namespaces.js';

const { namedNode } = termFactory;

/** Predicates read for the IE's host name, first found wins. */
export const HOSTNAME_PREDICATES = [`${CF}hostname`, 'https://smartdatamodels.org/dataModel.IT/hostname'] as const;

/** The IE's hostname (a non-empty literal, in any graph), or undefined. Several values: the smallest, so the result is stable. */
export function ieNodeName(store: GraphStore, ieId: string): string | undefined {
  for (const predicate of HOSTNAME_PREDICATES) {
    const names = store.match(namedNode(ieId), namedNode(predicate), null, null)
      .filter((q) => q.object.termType === 'Literal' && q.object.value.trim() !== '')
      .map((q) => q.object.value.trim())
      .sort();
    if (names.length > 0) return names[0];
  }
  return undefined;
}
