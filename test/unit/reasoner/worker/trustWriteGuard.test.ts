/** reasoner/worker/trustWriteGuard.ts: which entity graphs a trust write touches, which are gone, dropping their lines. */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { entitiesGone, entitiesHeld, graphOfLine, withoutGraphs, writtenGraphs } from '../../../../reasoner/worker/trustWriteGuard.js';
import { TRUST_GRAPH } from '../../../../reasoner/trust/trustVocabulary.js';
import { CF, D1, ie, ieEntity } from '../trust/support/trustOnChangeFixtures.js';

const score = (id: string, value: string): string => `<${ie(id)}> <${CF}trustScore> "${value}"^^<http://www.w3.org/2001/XMLSchema#double> <${ie(id)}> .`;
const breakdown = (id: string): string => `<${ie(id)}#trust> <${CF}aboutInfrastructureElement> <${ie(id)}> <${TRUST_GRAPH}> .`;

describe('trustWriteGuard', () => {
  it('reads a line\'s graph as its last IRI, literals with " <" included', () => {
    expect(graphOfLine(score('a', '0.5'))).toBe(ie('a'));
    expect(graphOfLine(`<http://s> <http://p> "x <y> z" <http://g> .`)).toBe('http://g');
    expect(graphOfLine(`<http://s> <http://p> "x" .`)).toBeUndefined();
  });

  it('names the entity graphs written (not the trust graph) and drops the lines of the given graphs', () => {
    const text = [score('a', '0.5'), breakdown('a'), score('b', '0.7'), breakdown('b')].join('\n') + '\n';
    expect([...writtenGraphs(text)].sort()).toEqual([ie('a'), ie('b')]);
    expect(withoutGraphs(text, new Set([ie('a')]))).toBe([breakdown('a'), score('b', '0.7'), breakdown('b')].join('\n') + '\n');
    expect(withoutGraphs(text, new Set())).toBe(text);
  });

  it('holds an entity while its graph holds its IE type, and finds it gone once the graph is deleted', async () => {
    const store = new ObservedMemoryStore();
    await store.commit({ deletes: [], inserts: [...entityToQuads(ieEntity('a', D1, 20)), ...entityToQuads(ieEntity('b', D1, 80))] });
    const text = `${score('a', '0.5')}\n${score('b', '0.7')}\n${score('c', '0.1')}\n`;
    expect(entitiesHeld(store, text).sort()).toEqual([ie('a'), ie('b')]); // c's graph holds no IE: not guarded
    const graph = oxigraph.namedNode(ie('a'));
    await store.commit({ deletes: store.match(null, null, null, graph), inserts: [] });
    expect([...entitiesGone(store, [ie('a'), ie('b')])]).toEqual([ie('a')]);
  });
});
