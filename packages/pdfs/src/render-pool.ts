import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaxConfirmationDocument } from '@klub/contracts';
import { renderTaxConfirmation } from './tax-confirmation.js';

/** Draws confirmations on `size` threads; `render` has the shape of the domain's renderer port. */
export interface TaxConfirmationRenderPool {
  render(document: TaxConfirmationDocument): Promise<Uint8Array>;
  /** How many documents may usefully be in flight at once (the generation's concurrency). */
  readonly size: number;
  close(): Promise<void>;
}

/** The default pool size: every core but one for the rest of the process, at least one. */
export const defaultRenderThreads = (): number => Math.max(1, availableParallelism() - 1);

interface Pending {
  resolve: (pdf: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of worker threads drawing PDFs: react-pdf's layout and font shaping are synchronous
 * JavaScript, so one thread draws one document at a time however many are awaited. Each thread
 * registers the fonts once and keeps them. `size` 0 draws on the calling thread (no workers).
 */
export function createTaxConfirmationRenderPool(size: number = defaultRenderThreads()): TaxConfirmationRenderPool {
  if (size <= 0) {
    return { size: 1, render: async (document) => renderTaxConfirmation(document), close: async () => undefined };
  }
  const workers = Array.from({ length: size }, () => new Worker(new URL('./render-worker.js', import.meta.url)));
  const load = workers.map(() => 0);
  const pending = new Map<number, Pending>();
  let sequence = 0;
  // A thread that died takes its documents with it; every later call fails at once.
  let broken: Error | null = null;
  for (const [index, worker] of workers.entries()) {
    worker.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
      load[index]! -= 1;
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      if (message.pdf) waiting.resolve(message.pdf);
      else waiting.reject(new Error(message.error ?? 'render failed'));
    });
    worker.on('error', (error) => {
      broken = error;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }
  return {
    size,
    render(document) {
      if (broken) return Promise.reject(broken);
      // The least busy thread takes it.
      let index = 0;
      for (let i = 1; i < workers.length; i++) if (load[i]! < load[index]!) index = i;
      load[index]! += 1;
      const id = ++sequence;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[index]!.postMessage({ id, document });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
