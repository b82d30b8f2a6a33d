/**
 * A saved (competency) query: a .rq file whose header comments declare a
 * description and typed parameters:
 *
 *   # @description Infrastructure elements of a domain ...
 *   # @param domain IRI The domain            (required)
 *   # @param cpu decimal = 0 Free CPU cores     (default used when absent)
 *   # @param arch IRI? CPU architecture         (optional: unbound when absent)
 *
 * Arguments are validated against their type, turned into RDF terms and bound
 * through a VALUES block (SPARQL 1.1 Query §10.2) prepended to the WHERE
 * clause, via sparqljs' parser and generator — never concatenated into the text.
 */
import sparqljs from 'sparqljs';
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { InvalidRequestError, InternalError } from '../fabric/errors/FabricError.js';
import { isValidIri } from '../fabric/rdf/iriValidation.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

export type ParamType = 'IRI' | 'string' | 'integer' | 'decimal' | 'double' | 'boolean';
const PARAM_TYPES: readonly ParamType[] = ['IRI', 'string', 'integer', 'decimal', 'double', 'boolean'];

export interface ParamDeclaration {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly defaultValue?: string;
  readonly description: string;
}

export interface SavedQueryInfo {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamDeclaration[];
}

// # @param name type[?] [= default] description
const PARAM_LINE = /^#\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z]+)(\?)?(?:\s*=\s*(\S+))?\s*(.*)$/;
const DESCRIPTION_LINE = /^#\s*@description\s+(.*)$/;

/** Reads the header comments of a .rq file. */
export function parseHeader(name: string, text: string): SavedQueryInfo {
  let description = '';
  const params: ParamDeclaration[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const d = DESCRIPTION_LINE.exec(line);
    if (d) description = d[1].trim();
    const p = PARAM_LINE.exec(line);
    if (!p) continue;
    const type = PARAM_TYPES.find((t) => t.toLowerCase() === p[2].toLowerCase());
    if (!type) throw new InternalError(`Saved query ${name}: parameter ${p[1]} has unknown type ${p[2]}.`);
    params.push({ name: p[1], type, required: !p[3] && p[4] === undefined, ...(p[4] !== undefined ? { defaultValue: p[4] } : {}), description: p[5].trim() });
  }
  return { name, description, params };
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DOUBLE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const PREFIXED_NAME = /^([A-Za-z][\w.-]*)?:([\w.-]*)$/;

/** Converts one argument to an RDF term of the declared type; throws InvalidRequestError when it does not fit. */
export function toTerm(decl: ParamDeclaration, value: string, prefixes: Record<string, string>): RDF.Term {
  const bad = (what: string): never => {
    throw new InvalidRequestError(`Parameter ${decl.name}=${value} is not ${what}.`, { parameter: decl.name });
  };
  switch (decl.type) {
    case 'IRI': {
      const pn = PREFIXED_NAME.exec(value);
      if (pn && prefixes[pn[1] ?? ''] !== undefined) return DataFactory.namedNode(prefixes[pn[1] ?? ''] + pn[2]);
      return isValidIri(value) ? DataFactory.namedNode(value) : bad('an absolute IRI (or a prefixed name with a prefix of the query)');
    }
    case 'integer':
      return INTEGER.test(value) ? DataFactory.literal(value, DataFactory.namedNode(`${XSD}integer`)) : bad('an integer');
    case 'decimal':
      return DECIMAL.test(value) ? DataFactory.literal(value, DataFactory.namedNode(`${XSD}decimal`)) : bad('a decimal number');
    case 'double':
      return DOUBLE.test(value) ? DataFactory.literal(value, DataFactory.namedNode(`${XSD}double`)) : bad('a number');
    case 'boolean':
      return value === 'true' || value === 'false' ? DataFactory.literal(value, DataFactory.namedNode(`${XSD}boolean`)) : bad('true or false');
    case 'string':
      return DataFactory.literal(value);
  }
}

/** A saved query parsed once; `bind` yields the SPARQL text for a set of arguments. */
export class SavedQuery {
  readonly info: SavedQueryInfo;
  private readonly parsed: sparqljs.SparqlQuery;

  constructor(name: string, text: string) {
    this.info = parseHeader(name, text);
    try {
      this.parsed = new sparqljs.Parser().parse(text);
    } catch (error) {
      throw new InternalError(`Saved query ${name} does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.parsed.type !== 'query') throw new InternalError(`Saved query ${name} is an update; only queries can be saved.`);
  }

  /** The SPARQL text with the arguments bound; unknown or missing arguments → InvalidRequestError (400). */
  bind(args: Record<string, string | undefined>): string {
    const declared = new Set(this.info.params.map((p) => p.name));
    const unknown = Object.keys(args).filter((k) => !declared.has(k) && args[k] !== undefined);
    if (unknown.length > 0) {
      throw new InvalidRequestError(`Unknown parameter(s) ${unknown.join(', ')} for saved query ${this.info.name}; it takes: ${[...declared].join(', ') || 'none'}.`);
    }
    const query = this.parsed as sparqljs.Query;
    const prefixes = query.prefixes ?? {};
    const row: Record<string, RDF.Term | undefined> = {};
    for (const decl of this.info.params) {
      const value = args[decl.name] ?? decl.defaultValue;
      if (value === undefined && decl.required) {
        throw new InvalidRequestError(`Saved query ${this.info.name} needs the parameter ${decl.name} (${decl.type}): ${decl.description}`, { parameter: decl.name });
      }
      row[`?${decl.name}`] = value === undefined ? undefined : toTerm(decl, value, prefixes);
    }
    if (this.info.params.length === 0) return new sparqljs.Generator().stringify(query);
    const values = { type: 'values', values: [row] } as unknown as sparqljs.ValuesPattern;
    const bound: sparqljs.Query = { ...query, where: [values, ...(query.where ?? [])] } as sparqljs.Query;
    return new sparqljs.Generator().stringify(bound);
  }
}
