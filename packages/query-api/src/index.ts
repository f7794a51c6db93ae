export * from './api-gateway-event.js';
export * from './errors.js';
export * from './handler.js';
export * from './openapi.js';
export * from './params.js';
export * from './resolver.js';
export * from './routes.js';
export * from './service.js';
