/** ieNodeName: the Kubernetes node of an IE is its hostname in the graph (cf:hostname, else the Smart Data Models one). */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ieNodeName } from '../../../../orchestration/runtime/ieNodeName.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';
const SDM = 'https://smartdatamodels.org/dataModel.IT/';
const IE = (n: number) => `urn:ngsi-ld:InfrastructureElement:t:${n}`;

describe('ieNodeName', () => {
  it('reads cf:hostname, falls back to the Smart Data Models hostname, ignores IRIs and blanks, and is stable with several values', async () => {
    const store = new MemoryGraphStore();
    await store.load([
      `<${IE(1)}> <${CF}hostname> "worker-1" <${IE(1)}> .`,
      `<${IE(1)}> <${SDM}hostname> "other" <${IE(1)}> .`,
      `<${IE(2)}> <${SDM}hostname> "worker-2" <${IE(2)}> .`,
      `<${IE(3)}> <${CF}hostname> <urn:x:not-a-name> <${IE(3)}> .`,
      `<${IE(3)}> <${CF}hostname> "  " <${IE(3)}> .`,
      `<${IE(4)}> <${CF}hostname> "node-b" <${IE(4)}> .`,
      `<${IE(4)}> <${CF}hostname> "node-a" <urn:x:g2> .`,
    ].join('\n'), { format: 'application/n-quads' });
    expect([1, 2, 3, 4, 5].map((n) => ieNodeName(store, IE(n)))).toEqual(['worker-1', 'worker-2', undefined, 'node-a', undefined]);
  });
});
