/** `continuum explain <IRI>`: option parsing (url from --url / CONTINUUM_URL, --output) and usage errors. */
import { buildProgram, DEFAULT_URL, type CliActions } from '../../../fabric/cli/program.js';
import { recordingProgram } from './recordingProgram.js';
import type { ExplainOptions } from '../../../fabric/cli/commands/explainCommand.js';

function recorder() {
  const calls: Array<[string, ExplainOptions]> = [];
  const noop = async () => undefined;
  const actions: CliActions = { serve: noop, load: noop, query: noop, validate: noop, dump: noop, explain: async (iri, o) => { calls.push([iri, o]); } };
  return { calls, ...recordingProgram(actions) };
}

describe('continuum explain (options)', () => {
  const saved = process.env.CONTINUUM_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONTINUUM_URL;
    else process.env.CONTINUUM_URL = saved;
  });

  it('takes the IRI, defaults to text output and the default URL', async () => {
    delete process.env.CONTINUUM_URL;
    const { calls, run } = recorder();
    await run('explain', 'urn:ngsi-ld:InfrastructureElement:edge-001');
    expect(calls).toEqual([['urn:ngsi-ld:InfrastructureElement:edge-001', { url: DEFAULT_URL, output: 'text' }]]);
  });

  it('reads --url and -o json; CONTINUUM_URL when --url is absent', async () => {
    const { calls, run } = recorder();
    await run('explain', 'http://example.org/x', '--url', 'http://h:1', '-o', 'json');
    process.env.CONTINUUM_URL = 'http://env:2';
    await run('explain', 'http://example.org/y');
    expect(calls).toEqual([
      ['http://example.org/x', { url: 'http://h:1', output: 'json' }],
      ['http://example.org/y', { url: 'http://env:2', output: 'text' }],
    ]);
  });

  it.each([
    [['explain'], /missing required argument 'iri'/],
    [['explain', 'not an iri'], /give an absolute IRI/],
    [['explain', 'edge-001'], /give an absolute IRI/],
    [['explain', 'urn:x', '-o', 'xml'], /Allowed choices are text, json/],
  ])('rejects %j as a usage error', async (args, message) => {
    const { run, errors, calls } = recorder();
    await expect(run(...args)).rejects.toMatchObject({ code: expect.stringMatching(/^commander\./) });
    expect(errors.join('')).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('is listed in --help', () => {
    const noop = async () => undefined;
    expect(buildProgram({ serve: noop, load: noop, query: noop, validate: noop, dump: noop }).helpInformation()).toMatch(/explain \[options\] <iri>/);
  });
});
