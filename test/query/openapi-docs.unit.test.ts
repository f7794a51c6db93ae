import { buildOpenApiDocument } from '@bedrock-profile-catalog/query-api/openapi';
import { describe, expect, it } from 'vitest';

interface Operation {
  operationId: string;
  summary?: string;
  parameters: { name: string; description?: string }[];
  responses: Record<string, { description?: string }>;
}

const operations = Object.values(buildOpenApiDocument().paths).flatMap(
  (methods) => Object.values(methods) as Operation[],
);

describe("the API document's prose (openapi-docs.ts, kept out of the deployed functions)", () => {
  it('describes every route, every parameter of it and every answer', () => {
    const undescribed = operations.flatMap((operation) => [
      ...(operation.summary ? [] : [`${operation.operationId}: summary`]),
      ...operation.parameters
        .filter((parameter) => !parameter.description)
        .map((parameter) => `${operation.operationId}: parameter ${parameter.name}`),
      ...Object.entries(operation.responses)
        .filter(([, response]) => !response.description)
        .map(([status]) => `${operation.operationId}: answer ${status}`),
    ]);
    expect(operations.length).toBeGreaterThan(0);
    expect(undescribed).toEqual([]);
  });
});
