/**
 * The interface orchestration owns and every adapter implements (adapters/docker, adapters/containerd,
 * adapters/kubernetes, the dry-run runtime). In aerOS terms a runtime is the enforcement side of a
 * Low-Level Orchestrator: the HLO decides where a service component runs, the LLO makes it so.
 * Decision and execution stay separate: a runtime never chooses an IE, it runs what it is given.
 *
 * Every method is idempotent and keyed by the component's id; a runtime marks what it owns (labels,
 * a namespace) and never touches anything else.
 */

/** A port the component listens on (TOSCA `ports` / aerOS NetworkPort); `expose` publishes it on the IE. */
export interface WorkloadPort {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** Port on the IE when exposed; default: the container port. */
  readonly hostPort?: number;
  readonly expose: boolean;
}

/** What to run for one service component on one IE. */
export interface WorkloadSpec {
  /** IRI / NGSI-LD id of the aeros:ServiceComponent: the key of every runtime call. */
  readonly componentId: string;
  /** IRI of the aeros:Service the component is part of. */
  readonly serviceId: string;
  /** IRI of the IE the placement chose. */
  readonly ieId: string;
  /** DNS-1123 name derived from service and component (container / Deployment name). */
  readonly name: string;
  /** Image reference (TOSCA artifact `file`, aeros:containerImage). */
  readonly image: string;
  /** Arguments (aeros:cliArgs); empty = the image's default command. */
  readonly args: readonly string[];
  /** Environment (aeros:envVars). */
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly WorkloadPort[];
  /** CPU limit in cores; undefined = no limit. */
  readonly cpuLimit?: number;
  /** Memory limit in bytes; undefined = no limit. */
  readonly memoryLimitBytes?: number;
  /** Runs to completion (TOSCA isJob, cf:isJob): reports Succeeded/Failed, never restarted after success. */
  readonly isJob: boolean;
  /** Restart policy for long-running components (jobs: 'never' or 'on-failure'). */
  readonly restartPolicy: 'always' | 'on-failure' | 'never';
  /** A hash of everything above that changes the running workload; apply() replaces a workload whose hash differs. */
  readonly specHash: string;
}

/**
 * What the runtime observes for a component. Missing = the runtime has nothing for this id (never created,
 * removed, or deleted from outside).
 */
export type WorkloadPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Missing';

export interface WorkloadStatus {
  readonly componentId: string;
  readonly phase: WorkloadPhase;
  /** The runtime's own id (container id, task id, Deployment uid), when it has one. */
  readonly runtimeId?: string;
  readonly exitCode?: number;
  readonly message?: string;
  /** Restarts seen by the runtime itself (Docker RestartCount, Kubernetes restartCount). */
  readonly restarts?: number;
  /** specHash of what is actually running, so the reconciler can tell a stale workload. */
  readonly specHash?: string;
  readonly observedAt: Date;
}

/** A recorded action, for the dry-run runtime and for logs. */
export interface RuntimeAction {
  readonly action: 'apply' | 'remove';
  readonly componentId: string;
  readonly spec?: WorkloadSpec;
  readonly at: Date;
}

export type RuntimeKind = 'docker' | 'containerd' | 'kubernetes' | 'dry-run';

export interface ContainerRuntime {
  readonly kind: RuntimeKind;
  /** Human-readable endpoint (socket path, API server URL, "dry-run"). */
  readonly endpoint: string;
  /** Creates the workload, or replaces it when its specHash differs; starts it. Idempotent. */
  apply(spec: WorkloadSpec): Promise<WorkloadStatus>;
  /** Stops and deletes the workload; a missing one is not an error. */
  remove(componentId: string): Promise<void>;
  status(componentId: string): Promise<WorkloadStatus>;
  /** Every workload this runtime owns (by its labels / namespace). */
  list(): Promise<WorkloadStatus[]>;
  /** Calls back on every observed change (events stream or polling); returns the unsubscribe function. */
  watch(onChange: (status: WorkloadStatus) => void): () => void;
  close(): Promise<void>;
}

/** Where a runtime lives, as an IE's LowLevelOrchestrator entity says (aeros:orchestrationType + cf:endpoint-like data). */
export interface RuntimeEndpoint {
  readonly kind: RuntimeKind;
  /** unix socket path, tcp URL, kubeconfig path or API server URL; unused for dry-run. */
  readonly address?: string;
  /** containerd namespace / Kubernetes namespace. */
  readonly namespace?: string;
}
