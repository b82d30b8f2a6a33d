/**
 * TypeScript shapes of the containerd messages the adapter reads and writes, as @grpc/proto-loader presents them
 * (camelCase fields, enums as strings, int64 as numbers; see ./proto and containerdClient.ts).
 */

/** google.protobuf.Any as protobufjs's bundled definition presents it: `type_url` keeps its snake case. */
export interface AnyMessage {
  readonly type_url: string;
  readonly value: Buffer | Uint8Array;
}

export interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

export interface Mount {
  readonly type: string;
  readonly source: string;
  readonly target?: string;
  readonly options: readonly string[];
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

/** containerd.v1.types.Status. */
export type TaskStatusName = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

/** containerd 1.6 fills `id` (= the container id for a task's init process) and leaves `containerId` empty. */
export interface Process {
  readonly containerId: string;
  readonly id: string;
  readonly pid: number;
  readonly status: TaskStatusName;
  readonly exitStatus: number;
  readonly exitedAt: Timestamp | null;
}

export interface Container {
  readonly id: string;
  readonly labels: Record<string, string>;
  readonly image: string;
  readonly runtime: { readonly name: string; readonly options?: AnyMessage | null } | null;
  readonly spec: AnyMessage | null;
  readonly snapshotter: string;
  readonly snapshotKey: string;
  readonly createdAt?: Timestamp | null;
}

export interface Image {
  readonly name: string;
  readonly target: Descriptor | null;
}

export interface Envelope {
  readonly timestamp: Timestamp | null;
  readonly namespace: string;
  readonly topic: string;
  readonly event: AnyMessage | null;
}

export function toDate(ts: Timestamp | null | undefined): Date | undefined {
  if (!ts || (ts.seconds === 0 && ts.nanos === 0)) return undefined;
  return new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1e6));
}
