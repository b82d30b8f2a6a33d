import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { ShaclValidator } from '../../validation/ShaclValidator.js';
import { formatReport, type ValidationReport } from '../../validation/ValidationReport.js';
import { loadOntology, loadShapes } from '../../validation/modelFiles.js';
import { resolveRdfFormat } from '../rdfFormats.js';
import type { ValidateOptions } from '../program.js';
import type { CliIo } from '../CliIo.js';

/** Thrown (and mapped to exit code 1 by main) when a validated file does not conform. */
export class ValidationFailed extends Error {
  constructor(readonly files: string[]) {
    super(`${files.length} file${files.length === 1 ? '' : 's'} violate${files.length === 1 ? 's' : ''} the shapes: ${files.join(', ')}`);
    this.name = 'ValidationFailed';
  }
}

/**
 * Shapes to validate against: the package's shapes/ plus its ontology (shacl-engine resolves
 * rdfs:subClassOf only inside the shapes graph), or the given shapes file/folder.
 */
export function readShapes(path?: string): Quad[] {
  if (!path) return [...loadShapes(), ...loadOntology()];
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.ttl')).sort().map((f) => join(path, f))
    : [path];
  return files.flatMap((f) => new N3.Parser({ baseIRI: `file://${f}` }).parse(readFileSync(f, 'utf8')));
}

/** Parse a data file (any format oxigraph reads) into RDF/JS quads. Graph names are dropped: SHACL validates one data graph. */
export function readDataFile(file: string, format?: string): Quad[] {
  const fmt = resolveRdfFormat(file, format);
  const parsed = oxigraph.parse(readFileSync(file, 'utf8'), { format: fmt.mediaType, base_iri: `file://${file}` });
  return parsed.map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)) as Quad[];
}

export async function validateCommand(files: string[], options: ValidateOptions, io: CliIo): Promise<void> {
  const validator = new ShaclValidator(readShapes(options.shapes));
  const failed: string[] = [];
  const reports: Record<string, ValidationReport> = {};
  for (const file of files) {
    let data: Quad[];
    try {
      data = readDataFile(file, options.format);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
    const report = await validator.validate(data);
    reports[file] = report;
    if (!report.conforms) failed.push(file);
    if (options.output === 'text') io.out(`${file}: ${formatReport(report)}\n${files.length > 1 ? '\n' : ''}`);
  }
  if (options.output === 'json') io.out(JSON.stringify(files.length === 1 ? reports[files[0]] : reports, null, 2) + '\n');
  if (failed.length > 0) throw new ValidationFailed(failed);
}
