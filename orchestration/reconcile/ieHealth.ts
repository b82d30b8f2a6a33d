/**
 * Why an IE should be left (issue 5 reconciliation): its aeros:infrastructureElementStatus is Overload, Untrusted,
 * Unsecure, Disabled or Maintenance (aerOS IE statuses plus the Smart Data Models ones), it is no longer in the graph,
 * or the runtime serving it cannot be reached. Undefined = healthy.
 */
import type { OrchestrationRepository } from '../lifecycle/OrchestrationRepository.js';

const LEAVE = new Set(['overload', 'overloaded', 'untrusted', 'unsecure', 'insecure', 'disabled', 'maintenance']);

export function ieProblem(repository: OrchestrationRepository, ieId: string, runtimeReachable: boolean): string | undefined {
  const { exists, status } = repository.ieStatus(ieId);
  if (!exists) return 'unreachable: the IE is no longer in the graph';
  if (status && LEAVE.has(status.toLowerCase())) return `IE status ${status}`;
  if (!runtimeReachable) return 'unreachable: its runtime does not answer';
  return undefined;
}
