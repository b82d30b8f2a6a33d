/**
 * Which runtime serves an IE (issue 5; aerOS: the Low-Level Orchestrator of the IE's domain enforces the HLO decision).
 * The IE's cf:managedBy names its aeros:LowLevelOrchestrator; the LLO's aeros:orchestrationType says which runtime
 * (Docker, containerd, Kubernetes), its schema:url where (a unix socket as unix:///path, a tcp URL, an API server
 * URL or a kubeconfig path) and cf:runtimeNamespace the containerd / Kubernetes namespace.
 *
 * Resolution, in order:
 *   1. the LLO gives a type and an endpoint → that runtime at that endpoint;
 *   2. the LLO gives a type the node has a default endpoint for (config: Docker socket, containerd socket, kubeconfig)
 *      → that runtime;
 *   3. otherwise the node's default runtime (config `runtime`; when unset the first configured of docker, containerd,
 *      kubernetes, and dry-run only when none is configured).
 * The factories come from the composition root (fabric/node/FabricNode.ts), so orchestration never imports adapters.
 * Runtimes are opened once per (kind, address, namespace) and closed by close().
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import type { ContainerRuntime, RuntimeEndpoint, RuntimeKind } from './ContainerRuntime.js';
import { O } from '../lifecycle/orchestrationVocabulary.js';

const { namedNode } = termFactory;

export type RuntimeFactories = Partial<Record<RuntimeKind, (endpoint: RuntimeEndpoint) => ContainerRuntime>>;

export interface RuntimeDefaults {
  /** Default endpoint per kind (a configured Docker socket, containerd socket + namespace, kubeconfig). */
  readonly endpoints: Partial<Record<RuntimeKind, RuntimeEndpoint>>;
  /** Runtime for IEs whose LLO names none the node can serve; see defaultRuntimeKind(). */
  readonly fallback: RuntimeKind;
}

/** What the orchestration service and the reconciler ask: the runtime of an IE, and every runtime opened so far. */
export interface RuntimeResolver {
  runtimeFor(ieId: string): ContainerRuntime;
  /** Runtimes opened so far plus the defaults (the reconciler lists workloads on each). */
  known(): ContainerRuntime[];
}

/** The default runtime when the configuration names none: the first configured real runtime, dry-run only when none is. */
export function defaultRuntimeKind(endpoints: Partial<Record<RuntimeKind, RuntimeEndpoint>>, explicit?: RuntimeKind): RuntimeKind {
  if (explicit) return explicit;
  for (const kind of ['docker', 'containerd', 'kubernetes'] as const) if (endpoints[kind]) return kind;
  return 'dry-run';
}

/** aeros:orchestrationType individual / code → runtime kind. */
export function runtimeKindOf(orchestrationType: string): RuntimeKind | undefined {
  const t = orchestrationType.toLowerCase();
  if (/docker/.test(t)) return 'docker';
  if (/containerd/.test(t)) return 'containerd';
  if (/kubernetes/.test(t)) return 'kubernetes';
  return undefined;
}

export class RuntimeRegistry implements RuntimeResolver {
  private readonly opened = new Map<string, ContainerRuntime>();

  constructor(private readonly store: GraphStore, private readonly factories: RuntimeFactories, private readonly defaults: RuntimeDefaults) {
    if (!factories[defaults.fallback]) throw new Error(`No runtime factory for the default runtime "${defaults.fallback}".`);
  }

  /** The endpoint the IE's LLO asks for, resolved against the node defaults (see the file comment). */
  endpointFor(ieId: string): RuntimeEndpoint {
    const llo = this.store.match(namedNode(ieId), namedNode(O.managedBy), null, null)[0]?.object.value;
    if (llo) {
      const type = this.store.match(namedNode(llo), namedNode(O.orchestrationType), null, null)[0]?.object.value;
      const kind = type ? runtimeKindOf(type) : undefined;
      if (kind && this.factories[kind]) {
        const address = this.store.match(namedNode(llo), namedNode(O.url), null, null)[0]?.object.value;
        const namespace = this.store.match(namedNode(llo), namedNode(O.runtimeNamespace), null, null)[0]?.object.value;
        if (address) return { kind, address, namespace: namespace ?? this.defaults.endpoints[kind]?.namespace };
        const configured = this.defaults.endpoints[kind];
        if (configured) return namespace ? { ...configured, namespace } : configured;
      }
    }
    return this.defaults.endpoints[this.defaults.fallback] ?? { kind: this.defaults.fallback };
  }

  runtimeFor(ieId: string): ContainerRuntime {
    return this.open(this.endpointFor(ieId));
  }

  known(): ContainerRuntime[] {
    this.open(this.defaults.endpoints[this.defaults.fallback] ?? { kind: this.defaults.fallback });
    for (const endpoint of Object.values(this.defaults.endpoints)) if (endpoint && this.factories[endpoint.kind]) this.open(endpoint);
    return [...this.opened.values()];
  }

  async close(): Promise<void> {
    const runtimes = [...this.opened.values()];
    this.opened.clear();
    await Promise.allSettled(runtimes.map((r) => r.close()));
  }

  private open(endpoint: RuntimeEndpoint): ContainerRuntime {
    const key = endpointKey(endpoint);
    let runtime = this.opened.get(key);
    if (!runtime) {
      const factory = this.factories[endpoint.kind];
      if (!factory) throw new Error(`No runtime factory for "${endpoint.kind}".`);
      runtime = factory(endpoint);
      this.opened.set(key, runtime);
    }
    return runtime;
  }
}

/**
 * Identity of an endpoint: one runtime per engine socket and namespace. `unix:///run/x.sock`, `unix:/run/x.sock` and
 * `/run/x.sock` name one socket; two runtimes on one namespace would each garbage-collect the other's workloads.
 */
export function endpointKey(endpoint: RuntimeEndpoint): string {
  const address = endpoint.address ?? '';
  const socket = endpoint.kind === 'docker' || endpoint.kind === 'containerd' ? address.replace(/^unix:(\/\/)?/, '') : address;
  return `${endpoint.kind}|${socket}|${endpoint.namespace ?? ''}`;
}
