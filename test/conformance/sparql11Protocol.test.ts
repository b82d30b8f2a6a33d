/**
 * W3C SPARQL 1.1 Protocol (protocol/manifest.ttl, 34 tests) and Graph Store
 * Protocol (graph-store-protocol/manifest-*.ttl, 13 tests) suites, one jest
 * test per W3C test, each playing the test's HTTP requests against a fresh
 * app over a fresh MemoryGraphStore (in process, app.inject). Results and
 * every skipped test with its reason: docs/conformance.md.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { loadProtocolTests, type TranscriptTest } from './httpTranscript.js';
import { mediaTypeOfFile } from './rdfText.js';
import { playTranscript } from './transcriptPlayer.js';

/** W3C protocol tests that cannot apply to this endpoint, with the reason (docs/conformance.md). Empty today. */
export const SKIPPED_PROTOCOL_TESTS: Record<string, string> = {};

const tests = loadProtocolTests();

async function appFor(test: TranscriptTest): Promise<FastifyInstance> {
  const store = new MemoryGraphStore();
  // ut:graphData: the named graphs the protocol-specified dataset refers to.
  for (const { graph, file } of test.graphData) await store.load(readFileSync(file, 'utf8'), { format: mediaTypeOfFile(file), graph });
  return buildHttpApp({ store, config: { bodyLimitBytes: 1024 * 1024 } });
}

async function play(test: TranscriptTest): Promise<string[]> {
  const app = await appFor(test);
  try {
    return await playTranscript(app, test);
  } finally {
    await app.close();
  }
}

describe('W3C SPARQL 1.1 Protocol and Graph Store Protocol test suites through the HTTP app', () => {
  it('reads every test of both manifests', () => {
    expect(tests.filter((t) => t.suite === 'protocol')).toHaveLength(34);
    expect(tests.filter((t) => t.suite === 'graph-store-protocol')).toHaveLength(13);
    expect(tests.every((t) => t.requests.length > 0 && t.requests.every((r) => r.response.statuses.length > 0))).toBe(true);
  });

  it('the player reports a response that differs from the transcript (guards against a runner that passes everything)', async () => {
    const ask = tests.find((t) => t.id === 'protocol#query_post_direct')!;
    const wrongBoolean = { ...ask, requests: ask.requests.map((r) => ({ ...r, response: { ...r.response, boolean: false } })) };
    expect((await play(wrongBoolean)).join('\n')).toMatch(/boolean true, expected false/);
    const get = tests.find((t) => t.id === 'graph-store-protocol#put_get_default')!;
    const wrongGraph = { ...get, requests: get.requests.map((r) => ({ ...r, response: { ...r.response, body: r.response.body?.replace('Alice', 'Bob') } })) };
    expect((await play(wrongGraph)).join('\n')).toMatch(/not isomorphic/);
  });

  for (const suite of ['protocol', 'graph-store-protocol'] as const) {
    describe(suite, () => {
      for (const test of tests.filter((t) => t.suite === suite)) {
        const skip = SKIPPED_PROTOCOL_TESTS[test.id];
        (skip ? it.skip : it)(`${test.iri} — ${test.name}`, async () => {
          expect(await play(test)).toEqual([]);
        });
      }
    });
  }
});
