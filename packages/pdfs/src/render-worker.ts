import { parentPort } from 'node:worker_threads';
import type { TaxConfirmationDocument } from '@klub/contracts';
import { renderTaxConfirmation } from './tax-confirmation.js';

/** One thread of the render pool (render-pool.ts): documents in, PDF bytes out (transferred, not copied). */
parentPort!.on('message', (message: { id: number; document: TaxConfirmationDocument }) => {
  renderTaxConfirmation(message.document).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
      parentPort!.postMessage({ id: message.id, pdf: bytes }, [bytes.buffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
