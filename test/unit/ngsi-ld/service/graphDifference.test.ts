/** graphDifference: the minimal change between an entity graph as read and as it should be, and whether it is exact. */
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { combinedChange, graphDifference } from '../../../../fabric/ngsi-ld/service/graphDifference.js';

const { namedNode, literal, quad } = termFactory;
const G = 'urn:ngsi-ld:Sensor:1';
const q = (o: string, graph = G) => quad(namedNode(G), namedNode('https://example.org/p'), literal(o), namedNode(graph));

describe('graphDifference', () => {
  it('deletes what is gone, inserts what is new, keeps what stays; exact when every insert is in the graph read', () => {
    const change = graphDifference(G, [q('a'), q('b')], [q('b'), q('c')]);
    expect(change.deletes.map((x) => x.object.value)).toEqual(['a']);
    expect(change.inserts.map((x) => x.object.value)).toEqual(['c']);
    expect(change.exact).toBe(true);
  });

  it('is not exact when an insert lies in another graph, and then tells graphs apart', () => {
    const change = graphDifference(G, [q('a')], [q('a'), q('a', 'urn:other')]);
    expect(change.exact).toBe(false);
    expect(change.deletes).toEqual([]);
    expect(change.inserts.map((x) => x.graph.value)).toEqual(['urn:other']);
    expect(combinedChange([change, graphDifference('urn:x', [], [])]).exact).toBe(false);
  });
});
