import { isEngineFailure } from '../../../fabric/store/engineFailure.js';

describe('isEngineFailure', () => {
  // A real trap may break the process's oxigraph instance: ReplicatedGraphStore.test.ts triggers one in a replica thread,
  // test/api/sparqlEngineFailure.test.ts a stack overflow on the main thread.
  it('tells failures inside the engine from refusals of the query', () => {
    expect(isEngineFailure(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(true);
    expect(isEngineFailure(new RangeError('Maximum call stack size exceeded'))).toBe(true);
    expect(isEngineFailure(new RangeError('Invalid array length'))).toBe(false);
    expect(isEngineFailure(new Error('Parser error at 1:7: expected one of Prefix'))).toBe(false);
    expect(isEngineFailure('memory access out of bounds')).toBe(false);
  });
});
