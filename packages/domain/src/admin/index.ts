export * from './audit-log.js';
export * from './crud.js';
export * from './references.js';
export * from './resource.js';
export * from './oauth-applications.js';
export * from './resources/index.js';
export * from './registry.js';
