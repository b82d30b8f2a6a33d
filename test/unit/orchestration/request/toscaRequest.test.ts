/** orchestration/request/toscaRequest.ts: the aerOS TOSCA examples and our extensions → ServiceRequest; every problem listed. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseToscaService } from '../../../../orchestration/request/toscaRequest.js';
import { InvalidServiceRequestError } from '../../../../fabric/errors/OrchestrationError.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'aeros-tosca');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function problemsOf(text: string): Array<{ path: string; message: string }> {
  try {
    parseToscaService(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidServiceRequestError);
    return [...(e as InvalidServiceRequestError).problems];
  }
  throw new Error('expected InvalidServiceRequestError');
}

describe('parseToscaService on the aerOS examples', () => {
  const files = readdirSync(FIXTURES).filter((f) => /\.ya?ml$/.test(f));

  it('finds the three aerOS examples', () => expect(files.sort()).toEqual(['TOSCA-portal-backend.yml', 'tosca_5g-vehicle.yml', 'tosca_dev_aeriOS_service.yaml']));

  it.each(files)('%s parses into components with an image', (file) => {
    const s = parseToscaService(fixture(file));
    expect(s.components.length).toBeGreaterThan(0);
    for (const c of s.components) {
      expect(c.image).not.toBe('');
      expect(c.id).toBe(`urn:ngsi-ld:ServiceComponent:${s.name}:${c.name}`);
    }
    expect(s.id).toBe(`urn:ngsi-ld:Service:${s.name}`);
  });

  it('reads the portal backend: registry-prefixed image, cliArgs, envVars, ports, host constraints and a pinned IE', () => {
    const s = parseToscaService(fixture('TOSCA-portal-backend.yml'), { name: 'portal' });
    expect(s.id).toBe('urn:ngsi-ld:Service:portal');
    const [nginx, nginx2] = s.components;
    expect(nginx.image).toBe('registry.gitlab.aeriOS-project.eu/nginx');
    expect(nginx.args).toEqual(['-forwarding', '-brokerId', 'CFDomain']);
    expect(nginx.env).toEqual({ BROKER_ID: 'CFDomain', OTHER_ENV_VAR: 'another value' });
    expect(nginx.ports).toEqual([{ containerPort: 1026, protocol: 'tcp', expose: false }, { containerPort: 443, protocol: 'tcp', expose: false }]);
    expect(nginx.requirements).toEqual({ cpuArch: ['x64'], realtime: true, requiredCpu: 0.3, requiredRamMiB: 500 });
    expect(nginx2.requirements).toEqual({ ie: 'urn:ngsi-ld:InfrastructureElement:ncsrd-wl' });
    expect(nginx.isJob).toBe(false);
  });

  it('reads the dev service: cpu_usage as a share, mem_size in MB, realtime false and the area ring as a Polygon', () => {
    const s = parseToscaService(fixture('tosca_dev_aeriOS_service.yaml'));
    const mqtt = s.components.find((c) => c.name === 'nmosquitto_component')!;
    expect(mqtt.image).toBe('eclipse-mosquitto:latest');
    expect(mqtt.requirements.maxCpuUsage).toBe(50);
    expect(mqtt.requirements.requiredRamMiB).toBe(4096);
    expect(mqtt.requirements.realtime).toBe(false);
    expect(mqtt.requirements.area).toEqual({ type: 'Polygon', coordinates: [[
      [-0.3411743020092746, 39.48103451588121], [-0.3411743020092746, 39.4103451588121],
      [-0.3411743020092746, 39.48103451588121], [-0.3411743020092746, 39.48103451588121]]] });
    expect(s.description).toMatch(/two service components/);
    // no metadata.name: the name is derived from the text, the same text giving the same name
    expect(s.name).toMatch(/^service-[0-9a-f]{10}$/);
    expect(parseToscaService(fixture('tosca_dev_aeriOS_service.yaml')).name).toBe(s.name);
  });

  it('keeps env values that YAML reads as booleans as strings', () => {
    const s = parseToscaService(fixture('tosca_5g-vehicle.yml'));
    expect(s.components[0].env.KRAKEND).toBe('false');
    expect(s.components[0].requirements.ie).toBe('urn:ngsi-ld:InfrastructureElement:pi');
  });
});

const extended = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata:
  name: analytics
topology_template:
  node_templates:
    trainer:
      type: tosca.nodes.Container.Application
      properties:
        affinity: [store]
        anti_affinity: [gateway]
        labels: [personal-data]
      artifacts:
        img: { file: ghcr.io/demo/trainer:1.0, type: tosca.artifacts.Deployment.Image.Container.Docker }
      interfaces:
        Standard:
          create:
            implementation: img
            inputs:
              isJob: true
              cliArgs: ["--epochs", "3"]
      requirements:
        - network:
            properties:
              exposePorts: true
              ports:
                api: { properties: { protocol: [udp], source: 9000 } }
        - host:
            node_filter:
              capabilities:
                - host:
                    properties:
                      gpu: { equal: true }
                      disk_size: { greater_or_equal: 20 GB }
                      num_cpus: { greater_or_equal: 4 }
                      tier: { valid_values: [cloud, Edge] }
                      min_trust_score: { greater_or_equal: 0.7 }
                      energy_efficiency: { greater_or_equal: 0.6 }
                      green: { greater_or_equal: 0.4 }
                      domain_id: { equal: cloud }
                      orchestration_type: { valid_values: [docker, kubernetes] }
                      cpu_arch: { valid_values: [x86_64, aarch64] }
    store:
      type: tosca.nodes.Container.Application
      artifacts:
        img: { file: redis:7 }
    gateway:
      type: tosca.nodes.Container.Application
      properties: { anti_affinity: [trainer] }
      artifacts:
        img: { file: nginx:1 }
`;

describe('parseToscaService extensions', () => {
  it('reads topology_template, isJob, exposePorts, gpu, disk, tier, trust, energy, green, domain, orchestration type, affinity and labels', () => {
    const s = parseToscaService(extended);
    expect(s.name).toBe('analytics');
    const trainer = s.components[0];
    expect(trainer).toMatchObject({
      name: 'trainer', image: 'ghcr.io/demo/trainer:1.0', isJob: true, args: ['--epochs', '3'],
      ports: [{ containerPort: 9000, protocol: 'udp', expose: true }],
      affinity: ['store'], antiAffinity: ['gateway'], labels: ['personal-data'],
    });
    expect(trainer.requirements).toEqual({
      gpu: true, requiredDiskGiB: 20, cpuCores: 4, tier: ['Cloud', 'Edge'], minTrustScore: 0.7, minEnergyEfficiency: 0.6,
      minGreenEnergyRatio: 0.4, domains: ['urn:ngsi-ld:Domain:cloud'], orchestrationTypes: ['Docker', 'Kubernetes'], cpuArch: ['x64', 'arm64'],
    });
    expect(s.components.map((c) => c.name)).toEqual(['trainer', 'store', 'gateway']);
  });
});

describe('parseToscaService problems', () => {
  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf('tosca_definitions_version: tosca_simple_yaml_1_3\nnode_templates: [a\nb: 1\n');
    expect(problems[0].path).toMatch(/^line \d+, column \d+$/);
    expect(problems[0].message).toMatch(/^YAML:/);
  });

  it('lists every problem of an invalid request at once, each with its path', () => {
    const bad = `tosca_definitions_version: tosca_simple_yaml_1_0
node_templates:
  web:
    type: tosca.nodes.Compute
    properties: { affinity: [ghost], anti_affinity: [web] }
    requirements:
      - network:
          properties:
            ports:
              p1: { protocol: [sctp], source: 80 }
              p2: { protocol: [tcp], source: 70000 }
      - host:
          node_filter:
            capabilities:
              - host:
                  properties:
                    cpu_arch: { equal: sparc }
                    mem_size: { greater_or_equal: lots }
                    cpu_usage: { about: 3 }
                    colour: { equal: blue }
                    realtime: { equal: maybe }
                    area: { coordinates: [[1, 2]] }
    interfaces:
      Standard:
        create:
          inputs:
            envVars: [ { "1BAD": x } ]
  "bad name!":
    type: tosca.nodes.Container.Application
    artifacts: { img: { file: nginx } }
`;
    const problems = problemsOf(bad);
    const at = (fragment: string) => problems.filter((p) => p.path.includes(fragment));
    expect(at('tosca_definitions_version')).toHaveLength(1);
    expect(at('web.type')).toHaveLength(1);
    expect(at('web.artifacts')[0].message).toMatch(/image artifact/);
    expect(at('ports.p1.protocol')).toHaveLength(1);
    expect(at('ports.p2.source')).toHaveLength(1);
    expect(at('.cpu_arch')[0].message).toMatch(/sparc/);
    expect(at('.mem_size')[0].message).toMatch(/lots/);
    expect(at('.cpu_usage')[0].message).toMatch(/unknown constraint operator 'about'/);
    expect(at('.colour')[0].message).toMatch(/unknown host property/);
    expect(at('.realtime')).toHaveLength(1);
    expect(at('.area')).toHaveLength(1);
    expect(at('envVars[0]')[0].message).toMatch(/1BAD/);
    expect(at('web.properties.affinity')[0].message).toMatch(/'ghost' is not a component/);
    expect(at('web.properties.anti_affinity')[0].message).toMatch(/itself/);
    expect(at('bad name!')[0].message).toMatch(/must match/);
    expect(problems).toHaveLength(15);
  });

  it('renders as 400 BadRequestData with the problems as an RFC 7807 extension', () => {
    let error: InvalidServiceRequestError | undefined;
    try { parseToscaService('tosca_definitions_version: tosca_simple_yaml_1_3\nnode_templates: {}\n'); } catch (e) { error = e as InvalidServiceRequestError; }
    const problem = error!.toProblem('/orchestration/services');
    expect(problem).toMatchObject({ status: 400, type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', problems: [{ path: 'node_templates', message: expect.stringMatching(/at least one/) }] });
  });

  it('rejects a pinned IE together with anti-affinity to a component pinned to the same IE, and contradicting affinity', () => {
    const problems = problemsOf(`tosca_definitions_version: tosca_simple_yaml_1_3
node_templates:
  a:
    type: tosca.nodes.Container.Application
    properties: { anti_affinity: [b], affinity: [b] }
    artifacts: { img: { file: x } }
    requirements: [ { host: { node_filter: { properties: { id: "urn:ngsi-ld:InfrastructureElement:n1" } } } } ]
  b:
    type: tosca.nodes.Container.Application
    artifacts: { img: { file: y } }
    requirements: [ { host: { node_filter: { properties: { id: "urn:ngsi-ld:InfrastructureElement:n1" } } } } ]
`);
    expect(problems.map((p) => p.message).sort()).toEqual([
      "'b' is in both affinity and anti_affinity",
      "'b' is pinned to the same IE urn:ngsi-ld:InfrastructureElement:n1",
    ]);
  });
});
