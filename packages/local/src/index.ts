export { type LocalConfig, LocalConfigError, loadLocalConfig } from './config.js';
export {
  type LocalBackendOptions,
  type LocalBackends,
  startLocalBackends,
} from './embedded.js';
export { toApiGatewayEvent, writeResult } from './http-adapter.js';
export {
  LOCAL_HTTP_LIMITS,
  type LocalCatalog,
  type LocalCatalogOverrides,
  startLocalCatalog,
} from './local-catalog.js';
export { LOCAL_REFUSALS, type LocalRefusalCode } from './request-guard.js';
export { LocalStartupError, type StartupErrorCode } from './startup-error.js';
