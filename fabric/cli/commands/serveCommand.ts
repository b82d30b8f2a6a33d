import { loadNodeConfig } from '../../config/loadNodeConfig.js';
import type { NodeConfig, PartialNodeConfig } from '../../config/NodeConfig.js';
import { FabricNode } from '../../node/FabricNode.js';
import { startupBanner } from '../../node/startupBanner.js';
import type { ServeOptions } from '../program.js';
import type { CliIo } from '../CliIo.js';

/** Map `continuum serve` flags onto NodeConfig keys (undefined = not given, so lower layers apply). */
export function serveFlagsToConfig(options: ServeOptions): PartialNodeConfig {
  return {
    host: options.host, port: options.port, dataDir: options.dataDir, domain: options.domain, writeToken: options.writeToken,
    queryTimeoutMs: options.queryTimeout, queryReplicas: options.replicas, bodyLimitBytes: options.bodyLimit,
    // --demo-ies / --demo-seed ask for the demo continuum: they imply --demo unless --no-demo is given.
    demo: options.demo ?? (options.demoIes !== undefined || options.demoSeed !== undefined ? true : undefined),
    demoIes: options.demoIes, demoSeed: options.demoSeed, logLevel: options.logLevel,
    incrementalReasoning: options.incrementalReasoning, reasoningDebounceMs: options.reasoningDebounce,
    trustRerankIntervalMs: options.trustRerankInterval,
    tenantReasonerIdleMs: options.tenantReasonerIdle, maxTenantReasoners: options.maxTenantReasoners,
    ngsiLdValidation: options.ngsiLdValidation,
    runtime: options.runtime, dockerSocket: options.dockerSocket, containerdSocket: options.containerdSocket,
    containerdNamespace: options.containerdNamespace, kubeconfig: options.kubeconfig, reconcileIntervalMs: options.reconcileInterval,
  };
}

export function resolveServeConfig(options: ServeOptions, env: NodeJS.ProcessEnv): NodeConfig {
  return loadNodeConfig({ configFile: options.config, env, flags: serveFlagsToConfig(options) });
}

export async function serveCommand(options: ServeOptions, io: CliIo): Promise<void> {
  const config = resolveServeConfig(options, process.env);
  const node = new FabricNode(config);
  const shutdown = (signal: string) => {
    io.err(`\nReceived ${signal}: closing HTTP and snapshotting the store…\n`);
    node.stop().then(
      () => { io.err('Stopped.\n'); process.exit(0); },
      (e: unknown) => { io.err(`Shutdown failed: ${(e as Error).message}\n`); process.exit(1); },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  try {
    const info = await node.start();
    io.out(startupBanner(config, info));
  } catch (e) {
    await node.stop().catch(() => undefined);
    throw e;
  }
}
