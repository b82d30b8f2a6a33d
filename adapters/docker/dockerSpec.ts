/**
 * WorkloadSpec → Docker Engine API container-create body (POST /containers/create). Pure: no engine access.
 * TOSCA / aerOS → Docker: image artifact → Image, cliArgs → Cmd (the image's ENTRYPOINT is kept, as Kubernetes
 * `args`), envVars → Env, ports → ExposedPorts (+ PortBindings for exposed ones on a bridge network),
 * CPU cores → HostConfig.NanoCpus, memory bytes → HostConfig.Memory, restart policy → HostConfig.RestartPolicy.
 */
import type Docker from 'dockerode';
import type { WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';
import { containerName, labelsFor } from './dockerLabels.js';

/**
 * How containers are attached to the network. 'auto': the engine's default bridge when it has one (exposed ports
 * are published with port bindings); on an engine without a bridge (dockerd --bridge=none) the host network when
 * the component exposes a port (it then listens on the IE's port directly), else no network.
 */
export type DockerNetworkMode = 'auto' | 'bridge' | 'host' | 'none';

export function chooseNetworkMode(spec: WorkloadSpec, configured: DockerNetworkMode, engineHasBridge: boolean): 'bridge' | 'host' | 'none' {
  if (configured !== 'auto') return configured;
  if (engineHasBridge) return 'bridge';
  return spec.ports.some((p) => p.expose) ? 'host' : 'none';
}

/** Reasons the spec cannot run as written under this network mode ([] = it can). */
export function networkProblems(spec: WorkloadSpec, mode: 'bridge' | 'host' | 'none'): string[] {
  const problems: string[] = [];
  for (const p of spec.ports) {
    if (!p.expose) continue;
    if (mode === 'none') problems.push(`port ${p.containerPort}/${p.protocol} is exposed but the container has no network (network mode none)`);
    if (mode === 'host' && p.hostPort !== undefined && p.hostPort !== p.containerPort) {
      problems.push(`port ${p.containerPort}/${p.protocol} cannot be published as ${p.hostPort} on the host network (the engine has no bridge to map ports)`);
    }
  }
  return problems;
}

/** Docker restart policy names for the contract's policy; a job is never restarted after success. */
export function dockerRestartPolicy(spec: Pick<WorkloadSpec, 'isJob' | 'restartPolicy'>): { Name: 'always' | 'on-failure' | 'no' } {
  if (spec.restartPolicy === 'never') return { Name: 'no' };
  if (spec.restartPolicy === 'on-failure' || spec.isJob) return { Name: 'on-failure' };
  return { Name: 'always' };
}

/** `stopTimeoutSeconds` → Config.StopTimeout: SIGTERM → SIGKILL delay of every stop, the engine's shutdown included. */
export function toCreateOptions(spec: WorkloadSpec, networkMode: 'bridge' | 'host' | 'none', stopTimeoutSeconds?: number): Docker.ContainerCreateOptions {
  const exposedPorts: Record<string, object> = {};
  const portBindings: Record<string, Array<{ HostPort: string }>> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposedPorts[key] = {};
    if (p.expose && networkMode === 'bridge') portBindings[key] = [{ HostPort: String(p.hostPort ?? p.containerPort) }];
  }
  const hostConfig: Docker.HostConfig = {
    NetworkMode: networkMode,
    RestartPolicy: dockerRestartPolicy(spec),
    ...(Object.keys(portBindings).length > 0 ? { PortBindings: portBindings } : {}),
    ...(spec.cpuLimit !== undefined ? { NanoCpus: Math.round(spec.cpuLimit * 1e9) } : {}),
    ...(spec.memoryLimitBytes !== undefined ? { Memory: Math.round(spec.memoryLimitBytes) } : {}),
  };
  return {
    name: containerName(spec),
    Image: spec.image,
    ...(spec.args.length > 0 ? { Cmd: [...spec.args] } : {}),
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: labelsFor(spec),
    ...(Object.keys(exposedPorts).length > 0 ? { ExposedPorts: exposedPorts } : {}),
    ...(stopTimeoutSeconds !== undefined ? { StopTimeout: stopTimeoutSeconds } : {}),
    HostConfig: hostConfig,
  };
}
