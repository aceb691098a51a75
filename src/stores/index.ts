/**
 * The ports between the engine and storage, with every record type they carry, for hosts who
 * implement a store of their own (prove it with the suites in `/testing`).
 *
 * @packageDocumentation
 */
export type * from './types.js';
export { STORE_METHODS } from './types.js';
export { InProcessChangeFeed } from './in-process-feed.js';
