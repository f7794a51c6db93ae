/** The tests use the package's one API Gateway event builder. */
export { type ApiEventInit, apiGatewayEvent } from '@bedrock-profile-catalog/query-api';

/** Percent-encodes one path segment (model IDs carry `:`, ARNs carry `/`). */
export const seg = (value: string) => encodeURIComponent(value);
