import {
  AccessDeniedException,
  BedrockServiceException,
  InternalServerException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import {
  classifyScanError,
  DeadlineExceededError,
  RegionScanError,
} from '../../packages/discovery/src/classify.js';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, attempts: 3 } });

function serviceError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return new BedrockServiceException({
    name,
    $fault: fault,
    message: `${name} happened`,
    ...meta(status),
  });
}

describe('classifyScanError', () => {
  it.each([
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', ...meta(403) })],
    ['UnrecognizedClientException', serviceError('UnrecognizedClientException', 403)],
    ['InvalidClientTokenId', serviceError('InvalidClientTokenId', 403)],
    ['AuthFailure', serviceError('AuthFailure', 401)],
  ])('%s → denied', (_label, error) => {
    expect(classifyScanError(error)).toMatchObject({ code: 'denied', status: 'denied' });
  });

  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', ...meta(429) })],
    ['a bare 429', serviceError('Unknown', 429)],
    ['TooManyRequestsException', serviceError('TooManyRequestsException', 400)],
  ])('%s → throttled', (_label, error) => {
    expect(classifyScanError(error)).toMatchObject({ code: 'throttled', status: 'error' });
  });

  it.each([
    ['the region deadline', new DeadlineExceededError(50)],
    ['an AbortError', Object.assign(new Error('Request aborted'), { name: 'AbortError' })],
    [
      'requestTimeout with throwOnRequestTimeout',
      Object.assign(new Error('exceeded the configured 100 ms requestTimeout'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      }),
    ],
    ['a socket timeout code', Object.assign(new Error('socket hang'), { code: 'ETIMEDOUT' })],
    ['a DOMException TimeoutError', new DOMException('signal timed out', 'TimeoutError')],
  ])('%s → timeout', (_label, error) => {
    expect(classifyScanError(error)).toMatchObject({ code: 'timeout', status: 'error' });
  });

  it.each([
    ['a SyntaxError (non-JSON body)', new SyntaxError('Unexpected token < in JSON at position 0')],
    ['an invalid RFC-3339 date', new TypeError('Invalid RFC-3339 date-time value')],
    ['a non-string date', new TypeError('RFC-3339 date-times must be expressed as strings')],
    [
      'a SyntaxError wrapped by the SDK',
      Object.assign(new Error('Deserialization error: to see the raw response…'), {
        name: 'SyntaxError',
        $response: { statusCode: 200 },
      }),
    ],
    ['a repeated pagination token', new RegionScanError('malformed', 'repeated nextToken')],
  ])('%s → malformed', (_label, error) => {
    expect(classifyScanError(error)).toMatchObject({ code: 'malformed', status: 'error' });
  });

  it.each([
    ['InternalServerException', new InternalServerException({ message: 'boom', ...meta(500) })],
    ['ServiceUnavailable', serviceError('ServiceUnavailableException', 503, 'server')],
    ['ValidationException', new ValidationException({ message: 'bad', ...meta(400) })],
    [
      'an HTML 502 from a gateway (unparseable, but a server error)',
      Object.assign(new SyntaxError("Unexpected token '<'"), {
        $metadata: { httpStatusCode: 502 },
      }),
    ],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })],
    ['a string', 'weird'],
    ['undefined', undefined],
  ])('%s → error', (_label, error) => {
    expect(classifyScanError(error)).toMatchObject({ code: 'error', status: 'error' });
  });

  it('says what happened in the message', () => {
    const c = classifyScanError(new AccessDeniedException({ message: 'no access', ...meta(403) }));
    expect(c.message).toContain('AccessDeniedException');
    expect(c.message).toContain('no access');
  });

  it('treats anything after the deadline as a timeout, whatever the error says', () => {
    const c = classifyScanError(serviceError('InternalServerException', 500, 'server'), {
      deadlineExceeded: true,
    });
    expect(c.code).toBe('timeout');
  });
});
