import { z } from 'zod';

/**
 * RFC 9457 problem details. Every error response of the API is one of these, with a stable
 * `code` clients can branch on; `type` is derived from the code.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  correlationId?: string;
  [extension: string]: unknown;
}>;

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable machine-readable error code.' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details (application/problem+json).',
    examples: [
      {
        type: 'urn:aftersales:problem:return-window-closed',
        title: 'Conflict',
        status: 409,
        code: 'return-window-closed',
        detail: 'the return window closed at 2026-02-01T00:00:00.000Z',
        correlationId: '0f8e1d2c-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
      },
    ],
  });

export const problemType = (code: string) => `urn:aftersales:problem:${code}`;

/** An error that already knows its HTTP shape; thrown by the API's own layers. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const statusTitle = (status: number) => titles[status] ?? (status >= 500 ? 'Server Error' : 'Error');
