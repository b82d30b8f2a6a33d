import { SnapshotPolicy } from '../../../../fabric/store/durable/SnapshotPolicy.js';

const MiB = 1024 * 1024;

describe('SnapshotPolicy', () => {
  it('with a fixed threshold, snapshots whenever the log exceeds it, without counting the data', () => {
    const policy = new SnapshotPolicy(1000);
    let counted = 0;
    const quads = () => { counted += 1; return 10; };
    expect(policy.due(1000, quads)).toBe(false);
    expect(policy.due(1001, quads)).toBe(true);
    expect(counted).toBe(0);
  });

  it('by default waits for 64 MiB of log and for twice the estimated data size', () => {
    const policy = new SnapshotPolicy();
    policy.observed(100 * 1_000_000, 1_000_000); // 100 bytes per quad in the last snapshot
    expect(policy.due(64 * MiB, () => 1)).toBe(false);
    expect(policy.due(64 * MiB + 1, () => 1)).toBe(true);
    expect(policy.due(150 * 1_000_000, () => 1_000_000)).toBe(false); // data ≈ 100 MB: wait for 200 MB of log
    expect(policy.due(200 * 1_000_000 + 1, () => 1_000_000)).toBe(true);
  });

  it('counts the data again only once the log passed the last threshold (a lower bound: data grows no faster than the log)', () => {
    const policy = new SnapshotPolicy();
    let count = 0;
    const quads = () => { count += 1; return 1_000_000; }; // 200 MB threshold at the default 200 bytes per quad
    expect(policy.due(70 * MiB, quads)).toBe(false);
    expect(policy.due(100 * MiB, quads)).toBe(false);
    expect(policy.due(150 * MiB, quads)).toBe(false);
    expect(count).toBe(1);
    expect(policy.due(400 * MiB, quads)).toBe(true);
    expect(count).toBe(2);
  });
});
