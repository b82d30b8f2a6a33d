/** reasoner/trust/trustExplanation.ts: a trust breakdown in plain words, every number and fact it used. */
import { explainTrust } from '../../../../reasoner/trust/trustExplanation.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const view = {
  infrastructureElement: 'urn:ngsi-ld:InfrastructureElement:e:7',
  breakdown: 'https://w3id.org/continuum-fabric/trust/breakdown/x',
  trustScore: 0.61234,
  components: { reliability: 0.55, security: 0.7, reputation: 0.4, healthEvents: 2 },
  inputs: {
    domain: 'urn:ngsi-ld:Domain:e', domainSize: 40,
    telemetry: { [`${AEROS}currentCpuUsage`]: 91.5, [`${AEROS}cpuCores`]: 8 },
    securityAlerts: ['urn:a:1', 'urn:a:2'], selfSecurityEvents: ['urn:s:1'], healthEvents: ['urn:h:1', 'urn:h:2'],
  },
  weights: { reliabilityWeight: 0.25, securityWeight: 0.5, reputationWeight: 0.25, healthPenalty: 0.02, maxPriority: 5, untrustedThreshold: 0.6, reputationWindowMs: 36 * 3_600_000,
    criteria: { [`${AEROS}cpuCores`]: 0.2, [`${AEROS}currentCpuUsage`]: -0.2 } },
  configuration: 'urn:cfg:strict',
  computedAt: '2026-12-03T10:00:00.000Z',
  status: [`${AEROS}ReadyInfrastructureElement`],
  untrustedByTrust: false,
};

describe('explainTrust', () => {
  it('words the formula with the configured weights, TOPSIS inputs with their criterion weights, events and status', () => {
    expect(explainTrust(view).split('\n')).toEqual([
      'Trust score 0.6123 of <urn:ngsi-ld:InfrastructureElement:e:7>, computed at 2026-12-03T10:00:00.000Z with <urn:cfg:strict>: 0.25 × reliability 0.55 + 0.5 × security 0.7 + 0.25 × reputation 0.4 − 0.02 × 2 health events, floored at 0.',
      'Reliability 0.55: TOPSIS closeness among the 40 IEs of domain <urn:ngsi-ld:Domain:e>, over cpuCores 8 (+0.2), currentCpuUsage 91.5 (−0.2) (criterion weights in parentheses, negative = less is better).',
      'Security 0.7: 1 − the mean priority of 2 security alerts ÷ 5 (<urn:a:1>, <urn:a:2>).',
      'Reputation 0.4: 1 − the mean priority of 1 self-security event in the last 36 hours ÷ 5 (<urn:s:1>).',
      'Health events: <urn:h:1>, <urn:h:2>.',
      'Status ReadyInfrastructureElement; below the threshold 0.6 trust would mark the IE Untrusted.',
    ]);
  });

  it('names an IE without a domain, and falls back to the default settings the breakdown did not record', () => {
    const text = explainTrust({ ...view, inputs: { ...view.inputs, domain: undefined, domainSize: 1, securityAlerts: [], selfSecurityEvents: [], healthEvents: [] }, weights: {}, status: [] });
    expect(text).toContain('0.3 × reliability 0.55 + 0.5 × security 0.7 + 0.2 × reputation 0.4 − 0.01 × 2 health events');
    expect(text).toContain('Reliability 0.55: the only IE without a domain, so the single-element reliability.');
    expect(text).toContain('Reputation 0.4: no self-security events in the last 7 days.');
    expect(text).toContain('Status none; below the threshold 0.5');
  });
});
