import { engineMessage, isConflict, isNotFound, toRuntimeError } from '../../../../adapters/docker/dockerErrors.js';
import { InvalidRequestError } from '../../../../fabric/errors/FabricError.js';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../../../fabric/errors/RuntimeError.js';

describe('engine errors → runtime errors', () => {
  test('connection failures are RuntimeUnavailableError (503) naming the endpoint', () => {
    const e = toRuntimeError(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }), 'unix:///x.sock', 'list containers');
    expect(e).toBeInstanceOf(RuntimeUnavailableError);
    expect(e.status).toBe(503);
    expect(e.message).toBe('The Docker engine at unix:///x.sock is not reachable: connect ENOENT /x.sock');
    expect(e.toProblem().endpoint).toBe('unix:///x.sock');
  });

  test("refusals are RuntimeOperationError (502) with the engine's own message", () => {
    const refusal = Object.assign(new Error('(HTTP code 500) server error - boom'), { statusCode: 500, json: { message: 'boom' } });
    const e = toRuntimeError(refusal, 'unix:///x.sock', 'create the container');
    expect(e).toBeInstanceOf(RuntimeOperationError);
    expect(e.status).toBe(502);
    expect(e.message).toBe('The Docker engine failed to create the container: boom');
    expect(e.toProblem().engineStatus).toBe(500);
  });

  test('typed errors pass through; 404 / 409 are recognised', () => {
    const typed = new InvalidRequestError('x');
    expect(toRuntimeError(typed, 'e', 'op')).toBe(typed);
    expect(isNotFound({ statusCode: 404 })).toBe(true);
    expect(isConflict({ statusCode: 409 })).toBe(true);
    expect(isNotFound(new Error('x'))).toBe(false);
    expect(engineMessage({ message: 'wrapped', json: null })).toBe('wrapped');
  });
});
