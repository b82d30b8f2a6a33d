/**
 * A thin gRPC client for the containerd services the adapter uses, over our own transcription of the
 * containerd 1.6 API (./proto, see its README). One channel per socket; every call carries the
 * `containerd-namespace` metadata (the namespace is the adapter's unit of ownership, one per node) and a deadline.
 * gRPC UNAVAILABLE (socket missing, connection refused) becomes RuntimeUnavailableError (503); any other failure
 * RuntimeOperationError (502) carrying the gRPC status code as `engineStatus`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../fabric/errors/RuntimeError.js';

const PROTO_FILES = ['containers.proto', 'tasks.proto', 'images.proto', 'content.proto', 'snapshots.proto',
  'events.proto', 'leases.proto', 'version.proto'];

export type ServiceName = 'containers' | 'tasks' | 'images' | 'content' | 'snapshots' | 'events' | 'leases' | 'version';
const SERVICE_PATH: Record<ServiceName, [string, string]> = {
  containers: ['containers', 'Containers'], tasks: ['tasks', 'Tasks'], images: ['images', 'Images'],
  content: ['content', 'Content'], snapshots: ['snapshots', 'Snapshots'], events: ['events', 'Events'],
  leases: ['leases', 'Leases'], version: ['version', 'Version'],
};

/** Finds adapters/containerd/proto from this module, in the sources (ts-jest) and under dist/ alike. */
export function protoDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    for (const candidate of [join(dir, 'proto'), join(dir, 'adapters', 'containerd', 'proto')]) {
      if (existsSync(join(candidate, 'containers.proto'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`adapters/containerd/proto not found above ${start}`);
    dir = parent;
  }
}

let loaded: grpc.GrpcObject | undefined;
/** The loaded package definition (camelCase fields, enums as strings, int64 as numbers). */
export function containerdApi(): grpc.GrpcObject {
  if (!loaded) {
    const dir = protoDir();
    loaded = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_FILES, {
      includeDirs: [dir], keepCase: false, longs: Number, enums: String, defaults: true, arrays: true,
    }));
  }
  return loaded;
}

function lookup(path: string): unknown {
  let node: unknown = containerdApi();
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

/** Socket path from `/run/containerd/containerd.sock`, `unix:///run/...` or `unix:/run/...`. */
export function socketPath(address: string): string {
  return address.replace(/^unix:(\/\/)?/, '');
}

type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
type UnaryMethod = (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback) => void;
type StreamMethod = (req: unknown, md: grpc.Metadata, opts?: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

export class ContainerdClient {
  private readonly channel: grpc.Channel;
  private readonly clients = new Map<ServiceName, grpc.Client>();
  readonly socket: string;

  constructor(address: string, readonly namespace: string, private readonly callTimeoutMs = 30_000) {
    this.socket = socketPath(address);
    this.channel = new grpc.Channel(`unix:${this.socket}`, grpc.credentials.createInsecure(), {});
  }

  private client(service: ServiceName): grpc.Client {
    let client = this.clients.get(service);
    if (!client) {
      const [pkg, name] = SERVICE_PATH[service];
      const Ctor = lookup(`containerd.services.${pkg}.v1.${name}`) as grpc.ServiceClientConstructor;
      client = new Ctor(`unix:${this.socket}`, grpc.credentials.createInsecure(), { channelOverride: this.channel });
      this.clients.set(service, client);
    }
    return client;
  }

  metadata(extra: Record<string, string> = {}): grpc.Metadata {
    const md = new grpc.Metadata();
    md.set('containerd-namespace', this.namespace);
    for (const [k, v] of Object.entries(extra)) md.set(k, v);
    return md;
  }

  /** One unary call; `extra` adds metadata such as `containerd-lease`. */
  call<Res>(service: ServiceName, method: string, req: object, extra: Record<string, string> = {},
    timeoutMs = this.callTimeoutMs): Promise<Res> {
    const client = this.client(service) as unknown as Record<string, UnaryMethod>;
    return new Promise<Res>((resolve, reject) => {
      client[method].call(client, req, this.metadata(extra), { deadline: Date.now() + timeoutMs },
        (err, res) => (err ? reject(this.translate(err, `${service}.${method}`)) : resolve(res as Res)));
    });
  }

  /** A server stream (Events.Subscribe); the caller owns it and cancels it. */
  stream<Msg>(service: ServiceName, method: string, req: object): grpc.ClientReadableStream<Msg> {
    const client = this.client(service) as unknown as Record<string, StreamMethod>;
    return client[method].call(client, req, this.metadata()) as grpc.ClientReadableStream<Msg>;
  }

  /** Content.Read of a whole blob (image manifests and configs are small). */
  readContent(digest: string): Promise<Buffer> {
    const stream = this.stream<{ data: Buffer }>('content', 'read', { digest, offset: 0, size: 0 });
    const chunks: Buffer[] = [];
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => stream.cancel(), this.callTimeoutMs);
      stream.on('data', (msg) => chunks.push(msg.data));
      stream.on('error', (err: grpc.ServiceError) => { clearTimeout(timer); reject(this.translate(err, 'content.Read')); });
      stream.on('end', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
    });
  }

  translate(err: grpc.ServiceError, operation: string): Error {
    if (err.code === grpc.status.UNAVAILABLE) {
      return new RuntimeUnavailableError('containerd', this.socket, err.details || err.message);
    }
    return new RuntimeOperationError('containerd', operation, err.details || err.message, err.code);
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    this.channel.close();
  }
}

/** True when `err` is a containerd reply with this gRPC status (NOT_FOUND, ALREADY_EXISTS, ...). */
export function hasGrpcStatus(err: unknown, code: grpc.status): boolean {
  return err instanceof RuntimeOperationError && err.engineStatus === code;
}

export { status as GrpcStatus } from '@grpc/grpc-js';
