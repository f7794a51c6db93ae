export type { CatalogRegions } from './config.js';
export {
  BEDROCK_REGIONS_PARAMETER_PATH,
  BedrockProfileCatalog,
  type BedrockProfileCatalogProps,
  PROBE_BEDROCK_ACTIONS,
  SCANNER_BEDROCK_ACTIONS,
  SCANNER_CLOUDWATCH_ACTIONS,
  SCANNER_SERVICE_QUOTAS_ACTIONS,
} from './constructs/bedrock-profile-catalog.js';
export { NODE_BUNDLING, NodeFunction, type NodeFunctionProps } from './constructs/node-function.js';
