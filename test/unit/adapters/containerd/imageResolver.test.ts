import { createHash } from 'node:crypto';
import { chainId, imageNameCandidates, ociArchitecture } from '../../../../adapters/containerd/imageResolver.js';

const sha = (s: string): string => 'sha256:' + createHash('sha256').update(s).digest('hex');

describe('image references and layer chain IDs (OCI image-spec config.md "Layer ChainID")', () => {
  test('the chain ID of one layer is its diff ID; each further layer hashes "<parent chain> <diff>"', () => {
    const [a, b, c] = [sha('layer-a'), sha('layer-b'), sha('layer-c')];
    expect(chainId([a])).toBe(a);
    const ab = sha(`${a} ${b}`);
    expect(chainId([a, b])).toBe(ab);
    expect(chainId([a, b, c])).toBe(sha(`${ab} ${c}`));
    expect(chainId([b, a])).not.toBe(chainId([a, b]));
    expect(() => chainId([])).toThrow();
  });

  test('Docker-style short references are also tried under containerd\'s full names', () => {
    expect(imageNameCandidates('busybox')).toEqual(['busybox', 'docker.io/library/busybox:latest']);
    expect(imageNameCandidates('continuum-test/busybox:1')).toEqual(['continuum-test/busybox:1', 'docker.io/continuum-test/busybox:1']);
    expect(imageNameCandidates('registry.local:5000/app')).toEqual(['registry.local:5000/app', 'registry.local:5000/app:latest']);
    expect(imageNameCandidates('docker.io/library/busybox:latest')).toEqual(['docker.io/library/busybox:latest']);
    expect(imageNameCandidates('localhost/app:2')).toEqual(['localhost/app:2']);
  });

  test('node architectures map to OCI platform architectures', () => {
    expect(ociArchitecture('x64')).toBe('amd64');
    expect(ociArchitecture('arm64')).toBe('arm64');
    expect(ociArchitecture('riscv64')).toBe('riscv64');
  });
});
