/**
 * Composition of orchestration (issue 5, docs/orchestration.md) for FabricNode: the runtimes this node can reach
 * (config: Docker socket, containerd socket + namespace, kubeconfig; an LLO entity may name its own endpoint), the
 * explicit dry-run runtime when none is configured, placement (PlacementEngine + the node's PolicyService as its PolicyGate),
 * decisions as linked data (DecisionRecorder), the OrchestrationService behind /orchestration/services and its
 * Reconciler. Only this file (and FabricNode) import the adapters.
 */
import type { NodeConfig } from '../config/NodeConfig.js';
import type { GraphStore } from '../store/GraphStore.js';
import type { OrchestrationHttpDeps } from '../http/routes/orchestrationRoutes.js';
import { DryRunRuntime } from '../../adapters/dryrun/DryRunRuntime.js';
import { DockerRuntime } from '../../adapters/docker/DockerRuntime.js';
import { ContainerdRuntime } from '../../adapters/containerd/ContainerdRuntime.js';
import { KubernetesRuntime } from '../../adapters/kubernetes/KubernetesRuntime.js';
import { OrchestrationService } from '../../orchestration/OrchestrationService.js';
import { Reconciler } from '../../orchestration/reconcile/Reconciler.js';
import { RuntimeRegistry, defaultRuntimeKind, type RuntimeFactories } from '../../orchestration/runtime/RuntimeRegistry.js';
import type { RuntimeEndpoint, RuntimeKind } from '../../orchestration/runtime/ContainerRuntime.js';
import { PlacementEngine } from '../../orchestration/placement/PlacementEngine.js';
import { DecisionRecorder } from '../../orchestration/decision/DecisionRecorder.js';
import type { PolicyGate } from '../../orchestration/placement/PolicyGate.js';
import { parseToscaService } from '../../orchestration/request/toscaRequest.js';
import { serviceRequestFromNgsiLd } from '../../orchestration/request/ngsiLdRequest.js';
import { runtimeOverview } from '../../orchestration/runtime/runtimeOverview.js';
import { ieNodeName } from '../../orchestration/runtime/ieNodeName.js';

export interface OrchestrationParts {
  readonly http: OrchestrationHttpDeps;
  readonly registry: RuntimeRegistry;
  readonly reconciler: Reconciler;
  /** The default runtime and where it is, for the startup banner ("dry-run" when none is configured). */
  readonly defaultRuntime: { readonly kind: RuntimeKind; readonly endpoint: string };
}

/** The node's default runtime endpoints, from the configuration. */
export function configuredRuntimes(config: NodeConfig): Partial<Record<RuntimeKind, RuntimeEndpoint>> {
  const endpoints: Partial<Record<RuntimeKind, RuntimeEndpoint>> = {};
  if (config.dockerSocket) endpoints.docker = { kind: 'docker', address: config.dockerSocket };
  if (config.containerdSocket) endpoints.containerd = { kind: 'containerd', address: config.containerdSocket, namespace: config.containerdNamespace };
  if (config.kubeconfig) endpoints.kubernetes = { kind: 'kubernetes', address: config.kubeconfig };
  return endpoints;
}

/**
 * One factory per runtime kind. The Kubernetes runtime pins each component to the node of its IE: the IE's hostname
 * in the graph (orchestration/runtime/ieNodeName.ts), read when the workload is applied.
 */
export function runtimeFactories(store: GraphStore): RuntimeFactories {
  return {
    'dry-run': () => new DryRunRuntime(),
    docker: (e) => new DockerRuntime({ address: e.address }),
    containerd: (e) => ContainerdRuntime.fromEndpoint(e),
    kubernetes: (e) => KubernetesRuntime.fromEndpoint(e, { nodeNameFor: (ie) => ieNodeName(store, ie) }),
  };
}

export function wireOrchestration(store: GraphStore, policies: PolicyGate, config: NodeConfig, onError: (e: unknown, context: string) => void): OrchestrationParts {
  const endpoints = configuredRuntimes(config);
  const fallback = defaultRuntimeKind(endpoints, config.runtime);
  const registry = new RuntimeRegistry(store, runtimeFactories(store), { endpoints, fallback });
  const planner = new PlacementEngine(store, policies);
  const service = new OrchestrationService(store, planner, registry, {
    decisions: new DecisionRecorder(store, { keepPerComponent: config.decisionsKept }),
    historyLimit: config.historyLimit,
  });
  const reconciler = new Reconciler(service, registry, {
    intervalMs: config.reconcileIntervalMs,
    unhealthyObservations: config.migrateAfterObservations,
    minDwellMs: config.migrateMinDwellMs,
    replaceAfterFailures: config.replaceAfterFailures,
    maxReplaceBackoffMs: config.maxReplaceBackoffMs,
    maxReplaceAttempts: config.maxReplaceAttempts === 0 ? Number.POSITIVE_INFINITY : config.maxReplaceAttempts,
    onError,
  });
  const defaultEndpoint = endpoints[fallback];
  return {
    http: {
      service, parseTosca: parseToscaService, parseNgsiLd: (entities, context) => serviceRequestFromNgsiLd(entities, context),
      runtimes: () => runtimeOverview(registry),
    },
    registry,
    reconciler,
    defaultRuntime: { kind: fallback, endpoint: defaultEndpoint?.address ?? 'dry-run' },
  };
}
