import { pdfStorageRouter } from './pdf-storage.js';

/** api.md §10. */
export const pdfRouter = {
  pdfStorage: pdfStorageRouter,
};
