export * from './zod-drf.js';
export * from './fields.js';
export * from './pagination.js';
