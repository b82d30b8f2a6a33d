/**
 * The `ngsiLdValidation` setting (issue 3: SHACL check of writes configurable per type, reject
 * or accept with a warning): spec strings of the environment / flag, objects of the config
 * file, and the merge of the layers.
 */
import { mergeValidationLayers, parseValidationSpec, toValidationLayer } from '../../../fabric/config/ngsiLdValidationConfig.js';
import { loadNodeConfig } from '../../../fabric/config/loadNodeConfig.js';
import { ConfigError } from '../../../fabric/config/ConfigError.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('parseValidationSpec', () => {
  it('reads a default mode and type=mode entries', () => {
    expect(parseValidationSpec('warn')).toEqual({ default: 'warn', types: {} });
    expect(parseValidationSpec(' reject , InfrastructureElement=warn,aeros:User=off ')).toEqual({
      default: 'reject', types: { InfrastructureElement: 'warn', 'aeros:User': 'off' },
    });
    expect(parseValidationSpec('https://w3id.org/aerOS/continuum#Domain=warn')).toEqual({ types: { 'https://w3id.org/aerOS/continuum#Domain': 'warn' } });
  });

  it.each([
    ['', /empty validation spec/],
    ['strict', /default mode "strict": expected one of reject, warn, off/],
    ['Domain=loud', /type Domain: expected one of reject, warn, off/],
    ['=warn', /expected <type>=<mode>/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseValidationSpec(spec)).toThrow(message);
  });
});

describe('toValidationLayer and mergeValidationLayers', () => {
  it('accepts the config file object and rejects unknown members and bad modes', () => {
    expect(toValidationLayer({ default: 'warn', types: { Domain: 'reject' } })).toEqual({ default: 'warn', types: { Domain: 'reject' } });
    expect(toValidationLayer({ types: { Domain: 'off' } })).toEqual({ types: { Domain: 'off' } });
    expect(() => toValidationLayer({ mode: 'warn' })).toThrow(/unknown member "mode"/);
    expect(() => toValidationLayer({ types: { Domain: 'never' } })).toThrow(/type Domain/);
    expect(() => toValidationLayer({ types: ['Domain'] })).toThrow(/"types" must be an object/);
    expect(() => toValidationLayer(42)).toThrow(/expected a spec/);
  });

  it('merges entry by entry: a higher default replaces, type entries add or override', () => {
    const merged = mergeValidationLayers({ default: 'reject', types: {} }, [
      { default: 'warn', types: { Domain: 'reject', User: 'off' } },
      { types: { User: 'warn' } },
    ]);
    expect(merged).toEqual({ default: 'warn', types: { Domain: 'reject', User: 'warn' } });
  });
});

describe('loadNodeConfig ngsiLdValidation', () => {
  const file = (content: unknown): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'cf-config-')), 'node.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('defaults to reject for every type', () => {
    expect(loadNodeConfig().ngsiLdValidation).toEqual({ default: 'reject', types: {} });
  });

  it('layers file → environment → flag', () => {
    const configFile = file({ ngsiLdValidation: { default: 'warn', types: { Domain: 'reject', InfrastructureElement: 'reject' } } });
    const c = loadNodeConfig({ configFile, env: { CONTINUUM_NGSI_LD_VALIDATION: 'InfrastructureElement=warn' }, flags: { ngsiLdValidation: 'reject,User=off' } });
    expect(c.ngsiLdValidation).toEqual({ default: 'reject', types: { Domain: 'reject', InfrastructureElement: 'warn', User: 'off' } });
  });

  it('names the source of a bad value', () => {
    expect(() => loadNodeConfig({ env: { CONTINUUM_NGSI_LD_VALIDATION: 'maybe' } })).toThrow(ConfigError);
    expect(() => loadNodeConfig({ env: { CONTINUUM_NGSI_LD_VALIDATION: 'maybe' } })).toThrow(/ngsiLdValidation \(from environment\): default mode "maybe"/);
    expect(() => loadNodeConfig({ configFile: file({ ngsiLdValidation: { types: { Domain: 'no' } } }) })).toThrow(/ngsiLdValidation \(from config file .*\): type Domain/);
  });
});
