export { FONT_FAMILY, registerFonts } from './fonts.js';
export { renderTaxConfirmation, TaxConfirmationPdf } from './tax-confirmation.js';
export { createTaxConfirmationRenderPool, defaultRenderThreads, type TaxConfirmationRenderPool } from './render-pool.js';
