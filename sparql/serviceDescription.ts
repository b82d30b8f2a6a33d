/**
 * W3C SPARQL 1.1 Service Description (§3) of the endpoint, in Turtle: the
 * endpoint IRI, the supported languages, result formats and the union-default-graph feature.
 */
import { GRAPH_MEDIA_TYPES, SOLUTION_MEDIA_TYPES } from './mediaTypes.js';

/** W3C format IRIs (http://www.w3.org/ns/formats/) for the media types we offer. */
const FORMAT_IRIS: Readonly<Record<string, string>> = {
  'application/sparql-results+json': 'http://www.w3.org/ns/formats/SPARQL_Results_JSON',
  'application/sparql-results+xml': 'http://www.w3.org/ns/formats/SPARQL_Results_XML',
  'text/csv': 'http://www.w3.org/ns/formats/SPARQL_Results_CSV',
  'text/tab-separated-values': 'http://www.w3.org/ns/formats/SPARQL_Results_TSV',
  'text/turtle': 'http://www.w3.org/ns/formats/Turtle',
  'application/n-triples': 'http://www.w3.org/ns/formats/N-Triples',
  'application/n-quads': 'http://www.w3.org/ns/formats/N-Quads',
  'application/trig': 'http://www.w3.org/ns/formats/TriG',
  'application/ld+json': 'http://www.w3.org/ns/formats/JSON-LD',
};

export function serviceDescription(endpointIri: string): string {
  const formats = [...SOLUTION_MEDIA_TYPES, ...GRAPH_MEDIA_TYPES].map((t) => `<${FORMAT_IRIS[t]}>`).join(', ');
  const languages = 'sd:SPARQL11Query, sd:SPARQL11Update';
  return `@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .

[] a sd:Service ;
  dct:title "Continuum Fabric SPARQL endpoint" ;
  sd:endpoint <${endpointIri}> ;
  sd:supportedLanguage ${languages} ;
  sd:resultFormat ${formats} ;
  sd:feature sd:UnionDefaultGraph ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
`;
}
