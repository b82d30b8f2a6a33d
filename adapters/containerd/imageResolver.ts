/**
 * From an image reference to what a container needs: the committed snapshot of the image's unpacked layers
 * (its chain ID, the snapshot key containerd's unpacker uses) and the image config (entrypoint, cmd, env,
 * working dir). Reads the manifest and config from containerd's content store (Content.Read). Images must be
 * present and unpacked in the namespace (`ctr -n NS images import` unpacks by default): no registry is pulled.
 */
import { createHash } from 'node:crypto';
import { RuntimeOperationError } from '../../fabric/errors/RuntimeError.js';
import { ContainerdClient, GrpcStatus, hasGrpcStatus } from './containerdClient.js';
import type { Descriptor, Image } from './containerdMessages.js';

/** The parts of the OCI image config (image-spec config.md `config`) the runtime spec uses. */
export interface ImageConfig {
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Env?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly User?: string;
}

export interface ResolvedImage {
  /** The name the image is stored under in containerd. */
  readonly name: string;
  /** Chain ID of the layer stack: the parent snapshot of a container's rootfs. */
  readonly chainId: string;
  readonly config: ImageConfig;
}

/** OCI image-spec chain ID: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). */
export function chainId(diffIds: readonly string[]): string {
  if (diffIds.length === 0) throw new Error('an image without layers has no chain ID');
  return diffIds.slice(1).reduce(
    (parent, diff) => 'sha256:' + createHash('sha256').update(`${parent} ${diff}`).digest('hex'), diffIds[0]);
}

/**
 * Names to try for a reference, as containerd stores Docker-style references: `busybox` →
 * `docker.io/library/busybox:latest`, `me/app:1` → `docker.io/me/app:1`. The reference itself comes first.
 */
export function imageNameCandidates(ref: string): string[] {
  const names = [ref];
  let name = ref;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !name.includes('@')) name += ':latest';
  const first = name.split('/')[0];
  const hasDomain = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  if (!names.includes(name)) names.push(name);
  return names;
}

/** Node's process.arch as an OCI platform architecture. */
export function ociArchitecture(arch: string = process.arch): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json']);

interface IndexJson { manifests: Array<Descriptor & { platform?: { os?: string; architecture?: string } }> }
interface ManifestJson { config: Descriptor; mediaType?: string }
interface ConfigJson { config?: ImageConfig; rootfs?: { diff_ids?: string[] } }

export async function resolveImage(client: ContainerdClient, ref: string, snapshotter: string): Promise<ResolvedImage> {
  let image: Image | undefined;
  for (const name of imageNameCandidates(ref)) {
    try {
      image = (await client.call<{ image: Image }>('images', 'get', { name })).image;
      break;
    } catch (err) {
      if (!hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) throw err;
    }
  }
  if (!image?.target) {
    throw new RuntimeOperationError('containerd', `find image ${ref}`,
      `no image ${imageNameCandidates(ref).join(' or ')} in namespace ${client.namespace} (import it with ctr -n ${client.namespace} images import)`,
      GrpcStatus.NOT_FOUND);
  }
  const readJson = async <T>(digest: string): Promise<T> => JSON.parse((await client.readContent(digest)).toString('utf8')) as T;

  let manifestDesc: Descriptor = image.target;
  if (INDEX_TYPES.has(manifestDesc.mediaType)) {
    const index = await readJson<IndexJson>(manifestDesc.digest);
    const arch = ociArchitecture();
    const match = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch)
      ?? (index.manifests.length === 1 ? index.manifests[0] : undefined);
    if (!match) {
      throw new RuntimeOperationError('containerd', `resolve image ${image.name}`, `no linux/${arch} manifest in its index`);
    }
    manifestDesc = match;
  }
  const manifest = await readJson<ManifestJson>(manifestDesc.digest);
  const config = await readJson<ConfigJson>(manifest.config.digest);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length === 0) {
    throw new RuntimeOperationError('containerd', `resolve image ${image.name}`, 'its config lists no layers (rootfs.diff_ids)');
  }
  const chain = chainId(diffIds);
  try {
    await client.call('snapshots', 'stat', { snapshotter, key: chain });
  } catch (err) {
    if (!hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) throw err;
    throw new RuntimeOperationError('containerd', `use image ${image.name}`,
      `it is not unpacked for snapshotter ${snapshotter} (no snapshot ${chain}); import or pull it with unpacking`,
      GrpcStatus.FAILED_PRECONDITION);
  }
  return { name: image.name, chainId: chain, config: config.config ?? {} };
}
