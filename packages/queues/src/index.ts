/**
 * @packageDocumentation
 * CLRec negative queues: FIFO queues of earlier positives whose encodings are the negatives of the
 * present batch.
 */
export { FifoQueue } from './fifo-queue';
