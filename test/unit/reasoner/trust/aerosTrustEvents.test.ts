/** reasoner/trust/aerosTrustEvents.ts on the aerOS samples (test/fixtures/aeros-trust). */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { infrastructureElementOf, normalizeTimestamp, trustEventEntities } from '../../../../reasoner/trust/aerosTrustEvents.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/aeros-trust');
const json = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
const CF = 'https://w3id.org/continuum-fabric/ns#';
const XSD_DT = 'http://www.w3.org/2001/XMLSchema#dateTime';

describe('aerOS trust events → linked data', () => {
  it('maps the self-security notification to a SecurityAlert about the IE named by its MAC', () => {
    const [alert] = trustEventEntities('SecurityAlert', json('self-sec-alert.json'), { domain: 'MyDomain' });
    expect(alert.types).toEqual([`${CF}SecurityAlert`]);
    expect(alert.attributes.get(`${CF}aboutInfrastructureElement`)![0].object).toBe('urn:ngsi-ld:InfrastructureElement:MyDomain:fa163e32c6ee');
    expect(alert.attributes.get(`${CF}priority`)![0].value).toBe(3);
    expect(alert.attributes.get(`${CF}occurredAt`)![0].value).toEqual({ '@type': XSD_DT, '@value': '2025-02-05T07:39:17.661990Z' });
    expect(alert.attributes.get(`${CF}eventMessage`)![0].value).toBe('TCP SYN Flood Attack');
    expect(alert.attributes.get(`${CF}sourceAddress`)![0].value).toBe('0.0.0.0:49204');
    expect(alert.attributes.get(`${CF}reportedNode`)![0].value).toBe('aerios-2-jms6qnflylil-node-1');
  });

  it('maps the self-security log to SelfSecurityEvents about the IE named by node_name', () => {
    const events = trustEventEntities('SelfSecurityEvent', json('self-security-alerts.json'));
    expect(events.map((e) => e.attributes.get(`${CF}priority`)![0].value)).toEqual([5, 4, 4]);
    expect(new Set(events.map((e) => e.attributes.get(`${CF}aboutInfrastructureElement`)![0].object))).toEqual(new Set(['urn:ngsi-ld:InfrastructureElement:MyDomain:fa163e5e25ef']));
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('maps self-healing alerts to HealthEvents, reading the comma fraction of one sample', () => {
    const events = trustEventEntities('HealthEvent', json('self-healing-alerts.json'));
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.attributes.get(`${CF}healthScenario`)![0].value)).toEqual(['Sensor Failure', 'Device Power Alert', 'Sensor Failure', 'Communication Failure Indication']);
    expect(events[2].attributes.get(`${CF}occurredAt`)![0].value).toEqual({ '@type': XSD_DT, '@value': '2024-11-04T15:44:05.646Z' });
    const [single] = trustEventEntities('HealthEvent', json('self-healing-alerts_value.json'));
    expect(single.id).toBe(events[0].id); // the same event delivered alone maps to the same entity
  });

  it('rejects events that name no IE and timestamps that are not dates', () => {
    expect(infrastructureElementOf({ node_name: 'aerios-2-jms6qnflylil-node-1' })).toBeUndefined();
    expect(() => trustEventEntities('SecurityAlert', { node_name: 'node-1', priority: 2 })).toThrow(/names no infrastructure element/);
    expect(normalizeTimestamp('yesterday')).toBeUndefined();
    expect(normalizeTimestamp('2024-11-04T12:45:50+01:00')).toBe('2024-11-04T12:45:50+01:00');
  });
});
