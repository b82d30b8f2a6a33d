/**
 * What placement asks of the policies (issue 4's `/policies/check` semantics): would these placements
 * (component → IE) violate a policy? Implemented by reasoner/policy's PolicyService; placement knows only this.
 * A hypothetical placement is the triple `<component> cf:infrastructureElement <ie>` added for the check only;
 * the store is never changed.
 */
export interface ProposedPlacement {
  readonly component: string;
  readonly ie: string;
}

export type PolicySeverity = 'Violation' | 'Warning' | 'Info';

export interface PolicyViolation {
  /** IRI of the policy (the SHACL shape / its cf:Policy resource). */
  readonly policy: string;
  readonly focusNode: string;
  readonly path?: string;
  readonly value?: string;
  readonly message: string;
  readonly severity: PolicySeverity;
}

export interface PolicyVerdict {
  /** True when no result has severity Violation. */
  readonly allowed: boolean;
  readonly violations: readonly PolicyViolation[];
}

export interface PolicyGate {
  check(placements: readonly ProposedPlacement[], tenant?: string): Promise<PolicyVerdict>;
}
