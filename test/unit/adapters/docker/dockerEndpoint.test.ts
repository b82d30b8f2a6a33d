import { DEFAULT_DOCKER_SOCKET, describeDockerConnection, parseDockerAddress } from '../../../../adapters/docker/dockerEndpoint.js';

describe('Docker engine addresses', () => {
  test.each([
    [undefined, { socketPath: DEFAULT_DOCKER_SOCKET }],
    ['/run/user/1000/docker.sock', { socketPath: '/run/user/1000/docker.sock' }],
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['tcp://10.0.0.5:2375', { host: '10.0.0.5', port: 2375, protocol: 'http' }],
    ['tcp://edge-1', { host: 'edge-1', port: 2375, protocol: 'http' }],
    ['https://edge-1:2376/', { host: 'edge-1', port: 2376, protocol: 'https' }],
    ['http://[::1]:2375', { host: '::1', port: 2375, protocol: 'http' }],
  ])('%s', (address, expected) => {
    expect(parseDockerAddress(address)).toEqual(expected);
  });

  test('anything else is refused with the text', () => {
    expect(() => parseDockerAddress('ssh://edge-1')).toThrow(/'ssh:\/\/edge-1' is not a Docker engine address/);
  });

  test('describe gives a URL', () => {
    expect(describeDockerConnection({ socketPath: '/s.sock' })).toBe('unix:///s.sock');
    expect(describeDockerConnection({ host: 'h', port: 1, protocol: 'https' })).toBe('https://h:1');
  });
});
