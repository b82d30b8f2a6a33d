import { toOxigraphOptions } from '../../../fabric/store/oxigraphQueryOptions.js';

describe('toOxigraphOptions (SPARQL 1.1 Protocol §2.1.4)', () => {
  it('uses the union of all graphs as the default graph when the request names no dataset', () => {
    expect(toOxigraphOptions({})).toEqual({ use_default_graph_as_union: true });
    expect(toOxigraphOptions()).toEqual({ use_default_graph_as_union: true });
  });

  it('replaces the dataset by the graphs a request names', () => {
    const only = toOxigraphOptions({ namedGraphs: ['http://e/n'], baseIri: 'http://e/' });
    expect(only.use_default_graph_as_union).toBeUndefined();
    expect(only.default_graph).toEqual([]);
    expect((only.named_graphs as { value: string }[]).map((g) => g.value)).toEqual(['http://e/n']);
    expect(only.base_iri).toBe('http://e/');
    const def = toOxigraphOptions({ defaultGraphs: ['http://e/d'] });
    expect((def.default_graph as { value: string }[]).map((g) => g.value)).toEqual(['http://e/d']);
    expect(def.named_graphs).toBeUndefined();
  });
});
