/**
 * The 400 BadRequestData of a write its SHACL shape rejects (issue 3 "Validation and errors";
 * GS CIM 009 v1.8 §5.5.1): the detail names the attribute and the rule of the first violation,
 * every violation is listed in the `violations` extension.
 */
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import { violationError, type ViolationSummary } from '../../../../fabric/ngsi-ld/service/shapeViolations.js';

const ID = 'urn:ngsi-ld:InfrastructureElement:e1';
const cores: ViolationSummary = { attribute: 'cpuCores', rule: 'sh:MinInclusiveConstraintComponent', message: 'Value is not greater than or equal to 1', value: '-3' };
const domain: ViolationSummary = { attribute: 'domain', rule: 'sh:MinCountConstraintComponent', message: 'An infrastructure element belongs to exactly one domain (aeros:domain).', value: null };
const nodeLevel: ViolationSummary = { attribute: null, rule: 'sh:OrConstraintComponent', message: '', value: ID };

describe('violationError', () => {
  it('names the attribute and the rule of the first violation and lists all of them', () => {
    const error = violationError(ID, [cores, domain]);
    expect(error).toBeInstanceOf(BadRequestDataError);
    expect(error.toProblem('/x')).toMatchObject({
      status: 400,
      detail: `Entity ${ID} violates its shape: attribute cpuCores breaks sh:MinInclusiveConstraintComponent: Value is not greater than or equal to 1 (and 1 more violation).`,
      attribute: 'cpuCores',
      rule: 'sh:MinInclusiveConstraintComponent',
      violations: [cores, domain],
    });
  });

  it('ends the detail with one full stop when the shape message already ends with one', () => {
    expect(violationError(ID, [domain]).toProblem('/x').detail).toBe(
      `Entity ${ID} violates its shape: attribute domain breaks sh:MinCountConstraintComponent: An infrastructure element belongs to exactly one domain (aeros:domain).`,
    );
  });

  it('speaks of the entity for a node-level rule and of an unmet constraint for an empty message', () => {
    const problem = violationError(ID, [nodeLevel, cores, domain]).toProblem('/x');
    expect(problem.detail).toBe(`Entity ${ID} violates its shape: the entity breaks sh:OrConstraintComponent: constraint not met (and 2 more violations).`);
    expect(problem.attribute).toBeUndefined();
  });
});
