export { type LocalConfig, LocalConfigError, loadLocalConfig } from './config.js';
export {
  type LocalBackendOptions,
  type LocalBackends,
  startLocalBackends,
} from './embedded.js';
export { toApiGatewayEvent, writeResult } from './http-adapter.js';
export {
  type LocalCatalog,
  type LocalCatalogOverrides,
  startLocalCatalog,
} from './local-catalog.js';
export { LocalStartupError, type StartupErrorCode } from './startup-error.js';
