import { ApiException } from '@kubernetes/client-node';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../../../fabric/errors/RuntimeError.js';
import { isNotFound, runtimeErrorFor } from '../../../../adapters/kubernetes/kubernetesErrors.js';

describe('kubernetesErrors', () => {
  it('a failure Status (body as text, as client-node 1.x gives it) becomes RuntimeOperationError with its message and code', () => {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'deployments.apps is forbidden: User "x" cannot patch' });
    const error = runtimeErrorFor(new ApiException(403, 'Unsuccessful HTTP Request', body, {}), 'apply Deployment web', 'https://k8s:6443');
    expect(error).toBeInstanceOf(RuntimeOperationError);
    expect(error).toMatchObject({ engineStatus: 403, status: 502, message: 'The kubernetes engine failed to apply Deployment web: deployments.apps is forbidden: User "x" cannot patch' });
  });

  it('a body that is not a Status falls back to the HTTP code', () => {
    expect(runtimeErrorFor(new ApiException(500, 'x', '<html>', {}), 'list Pod', 'e').message).toContain('HTTP 500');
  });

  it('connection failures become RuntimeUnavailableError naming the endpoint; other client errors RuntimeOperationError', () => {
    const refused = Object.assign(new Error('request to https://k8s:6443/api failed, reason: connect ECONNREFUSED'), { name: 'FetchError', type: 'system', code: 'ECONNREFUSED' });
    const unavailable = runtimeErrorFor(refused, 'list Pod', 'https://k8s:6443');
    expect(unavailable).toBeInstanceOf(RuntimeUnavailableError);
    expect(unavailable).toMatchObject({ status: 503, endpoint: 'https://k8s:6443' });
    expect(runtimeErrorFor(new Error('Unrecognized API version and kind: x/v1 Y'), 'apply Y y', 'e')).toBeInstanceOf(RuntimeOperationError);
  });

  it('isNotFound is true only for a 404 ApiException', () => {
    expect(isNotFound(new ApiException(404, 'x', '', {}))).toBe(true);
    expect(isNotFound(new ApiException(410, 'x', '', {}))).toBe(false);
    expect(isNotFound(new Error('404'))).toBe(false);
  });
});
