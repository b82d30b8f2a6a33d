import { AEROS, CF, DCT, RDF, RDFS, XSD } from '../rdf/namespaces.js';

/**
 * The terms the demo continuum uses, as N-Quads IRI tokens (`<…>`), from the
 * aerOS continuum ontology (ontology/continuum.ttl, docs/ontology.md).
 */
const a = (local: string) => `<${AEROS}${local}>`;
const cf = (local: string) => `<${CF}${local}>`;
export const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
export const ORG = 'http://www.w3.org/ns/org#';
export const GEO = 'http://www.opengis.net/ont/geosparql#';

export const T = {
  type: `<${RDF}type>`,
  label: `<${RDFS}label>`,
  identifier: `<${DCT}identifier>`,
  description: `<${DCT}description>`,
  name: `<${DCT}name>`,
  // classes
  Domain: a('Domain'),
  InfrastructureElement: a('InfrastructureElement'),
  LowLevelOrchestrator: a('LowLevelOrchestrator'),
  Service: a('Service'),
  ServiceComponent: a('ServiceComponent'),
  Organization: `<${ORG}Organization>`,
  // Domain
  owner: a('owner'),
  domainStatus: a('domainStatus'),
  publicUrl: a('publicUrl'),
  isEntrypoint: a('isEntrypoint'),
  FunctionalDomain: a('FunctionalDomain'),
  PreliminarDomain: a('PreliminarDomain'),
  // LowLevelOrchestrator
  belongsTo: a('belongsTo'),
  orchestrationType: a('orchestrationType'),
  // InfrastructureElement
  domain: a('domain'),
  hostname: cf('hostname'),
  internalIpAddress: a('internalIpAddress'),
  macAddress: a('macAddress'),
  cpuCores: a('cpuCores'),
  currentCpuUsage: a('currentCpuUsage'),
  ramCapacity: a('ramCapacity'),
  availableRam: a('availableRam'),
  currentRamUsage: a('currentRamUsage'),
  averagePowerConsumption: a('averagePowerConsumption'),
  currentPowerConsumption: a('currentPowerConsumption'),
  realTimeCapable: a('realTimeCapable'),
  cpuArchitecture: a('cpuArchitecture'),
  operatingSystem: a('operatingSystem'),
  infrastructureElementTier: a('infrastructureElementTier'),
  infrastructureElementStatus: a('infrastructureElementStatus'),
  /** NGSI-LD GeoProperty `location` (ontology: aeros:location is for aerOS data, NGSI-LD data uses ngsi-ld:location). */
  location: `<${NGSI_LD}location>`,
  managedBy: cf('managedBy'),
  // Service / ServiceComponent
  isPartOfService: a('isPartOfService'),
  serviceComponentStatus: a('serviceComponentStatus'),
  containerImage: a('containerImage'),
  /** The IE a component is deployed on (cf:infrastructureElement, SDM infrastructureElement). */
  infrastructureElement: cf('infrastructureElement'),
  RunningServiceComponent: a('RunningServiceComponent'),
  StartingServiceComponent: a('StartingServiceComponent'),
} as const;

export const TIER = { cloud: a('CloudTier'), edge: a('EdgeTier'), farEdge: a('FarEdgeTier') } as const;
export const IE_STATUS = { ready: a('ReadyInfrastructureElement'), overload: a('OverloadInfrastructureElement') } as const;
export const CPU_ARCH = { x64: a('x64Architecture'), arm64: a('arm64Architecture'), arm32: a('arm32Architecture') } as const;
export const OS = { linux: a('Linux'), windows: a('Windows') } as const;
export const ORCHESTRATION = {
  kubernetes: a('KubernetesOrchestration'),
  docker: a('DockerOrchestration'),
  containerd: a('ContainerdOrchestration'),
} as const;

/** Typed literal tokens. */
export const lit = {
  str: (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  int: (n: number) => `"${Math.trunc(n)}"^^<${XSD}integer>`,
  float: (n: number) => `"${n}"^^<${XSD}float>`,
  bool: (b: boolean) => `"${b}"^^<${XSD}boolean>`,
  anyUri: (s: string) => `"${s}"^^<${XSD}anyURI>`,
  /** A GeoJSON Point as geo:geoJSONLiteral: what an NGSI-LD GeoProperty maps to (docs/ngsi-ld-mapping.md). */
  point: (lon: number, lat: number) => `"{\\"type\\":\\"Point\\",\\"coordinates\\":[${lon},${lat}]}"^^<${GEO}geoJSONLiteral>`,
};
