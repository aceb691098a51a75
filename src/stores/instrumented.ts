/**
 * A StoreSet whose every method call is a span (`sona.store <store>.<method>`) and a duration in
 * `sona.store.duration`: the host sees which store call a slow request waited on.
 */
import { inSpan } from '../core/telemetry.js';
import { STORE_METHODS, type StoreSet } from './types.js';

/** Wraps each port method of `stores`; async iterables (scans) are passed through untimed. */
export function instrumentStores(stores: StoreSet): StoreSet {
  const out = { ...stores };
  for (const key of Object.keys(STORE_METHODS) as Array<keyof StoreSet>) {
    const store = stores[key] as unknown as Record<string, unknown> | undefined;
    if (!store) continue;
    const wrapped = Object.create(store) as Record<string, unknown>;
    for (const method of STORE_METHODS[key]) {
      const fn = store[method];
      if (typeof fn !== 'function') continue;
      // Scans are async iterables read in pages, and a subscription lasts: bound, not timed.
      if (method === 'scan' || method === 'listAttributes' || method === 'subscribe') {
        wrapped[method] = fn.bind(store);
        continue;
      }
      const attributes = { 'sona.store': key, 'sona.method': method };
      wrapped[method] = (...args: unknown[]) => inSpan(`sona.store ${key}.${method}`, attributes, () => Promise.resolve(fn.apply(store, args)), 'store');
    }
    (out as Record<string, unknown>)[key] = wrapped;
  }
  return out;
}
