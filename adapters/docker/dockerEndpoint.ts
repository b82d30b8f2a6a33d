/**
 * Where a Docker engine listens, from an IE's LowLevelOrchestrator endpoint (RuntimeEndpoint.address) or
 * DOCKER_HOST-style text: "/var/run/docker.sock", "unix:///run/docker.sock", "tcp://10.0.0.5:2375",
 * "http://host:2375", "https://host:2376". Pure: returns dockerode connection options.
 */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerConnection =
  | { readonly socketPath: string }
  | { readonly host: string; readonly port: number; readonly protocol: 'http' | 'https' };

export function parseDockerAddress(address: string | undefined): DockerConnection {
  const text = (address ?? '').trim();
  if (text === '') return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (text.startsWith('/')) return { socketPath: text };
  if (text.startsWith('unix://')) return { socketPath: text.slice('unix://'.length) };
  const m = /^(tcp|http|https):\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(text);
  if (!m) throw new Error(`'${text}' is not a Docker engine address (a socket path, unix://, tcp://, http:// or https:// URL)`);
  const protocol = m[1] === 'https' ? 'https' : 'http';
  const port = m[3] !== undefined ? Number(m[3]) : protocol === 'https' ? 2376 : 2375;
  return { host: m[2].replace(/^\[|\]$/g, ''), port, protocol };
}

/** The human-readable endpoint (ContainerRuntime.endpoint). */
export function describeDockerConnection(c: DockerConnection): string {
  return 'socketPath' in c ? `unix://${c.socketPath}` : `${c.protocol}://${c.host}:${c.port}`;
}
