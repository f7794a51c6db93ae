export {
  type LocalBackendOptions,
  type LocalBackends,
  startLocalBackends,
} from './backends.js';
export { type LocalConfig, LocalConfigError, loadLocalConfig } from './config.js';
export { toApiGatewayEvent, writeResult } from './http-adapter.js';
export {
  type LocalCatalog,
  type LocalCatalogOverrides,
  startLocalCatalog,
} from './local-catalog.js';
