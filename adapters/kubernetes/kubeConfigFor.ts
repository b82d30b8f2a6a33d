/**
 * The client configuration for the API server an IE's LowLevelOrchestrator names (RuntimeEndpoint.address):
 * an http(s) URL of the API server (with a bearer token), else the path of a kubeconfig file; nothing = the
 * default lookup of @kubernetes/client-node (KUBECONFIG, ~/.kube/config, in-cluster service account).
 */
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigSource {
  /** API server URL (http:// or https://) or kubeconfig path. */
  readonly address?: string;
  /** Bearer token for an API server URL (a ServiceAccount token). */
  readonly token?: string;
  /** Accept the API server's certificate without verification (test clusters only). */
  readonly skipTlsVerify?: boolean;
}

export function kubeConfigFor(source: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  const address = source.address;
  if (address && /^https?:\/\//i.test(address)) {
    // client-node refuses plain http unless skipTLSVerify is set; with http there is no TLS to verify
    // (`kubectl proxy` on 127.0.0.1:8001, a local test server), so the flag only matters for https.
    const plainHttp = /^http:\/\//i.test(address);
    kc.loadFromOptions({
      clusters: [{ name: 'continuum', server: address, skipTLSVerify: plainHttp || (source.skipTlsVerify ?? false) }],
      users: [{ name: 'continuum-fabric', ...(source.token ? { token: source.token } : {}) }],
      contexts: [{ name: 'continuum', cluster: 'continuum', user: 'continuum-fabric' }],
      currentContext: 'continuum',
    });
  } else if (address) {
    kc.loadFromFile(address);
    allowPlainHttp(kc);
  } else {
    kc.loadFromDefault();
    allowPlainHttp(kc);
  }
  return kc;
}

/** kubectl talks plain http to an http:// server; client-node only when skipTLSVerify is set, so set it for those. */
function allowPlainHttp(kc: KubeConfig): void {
  if (!kc.clusters.some((c) => /^http:\/\//i.test(c.server) && !c.skipTLSVerify)) return;
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => (/^http:\/\//i.test(c.server) ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext,
  });
}

/** The API server URL a KubeConfig points at (for ContainerRuntime.endpoint). */
export function apiServerOf(kc: KubeConfig): string {
  return kc.getCurrentCluster()?.server ?? 'unknown Kubernetes API server';
}
