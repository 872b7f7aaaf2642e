export * from './pdf-storage.js';
