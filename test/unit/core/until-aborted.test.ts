import { describe, expect, it } from 'vitest';
import { AbortedError, untilAborted } from '../../../src/core/errors.js';

describe('untilAborted', () => {
  it('passes the outcome through when the signal never fires, or is absent', async () => {
    expect(await untilAborted(Promise.resolve(3), new AbortController().signal, 'fit')).toBe(3);
    expect(await untilAborted(4, undefined, 'fit')).toBe(4);
    await expect(untilAborted(Promise.reject(new Error('down')), new AbortController().signal, 'fit')).rejects.toThrow('down');
  });

  it('rejects with AbortedError when the signal fires first, and at once when it already has', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(new Promise(() => {}), controller.signal, 'fit');
    controller.abort('host');
    await expect(waiting).rejects.toMatchObject({ code: 'SONA_ABORTED', cause: 'host' });
    await expect(untilAborted(new Promise(() => {}), controller.signal, 'fit')).rejects.toBeInstanceOf(AbortedError);
  });

  it('leaves no unhandled rejection when the abandoned call fails later', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    const controller = new AbortController();
    let fail!: (e: Error) => void;
    const call = new Promise((_, reject) => (fail = reject));
    const waiting = untilAborted(call, controller.signal, 'fit');
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    fail(new Error('late'));
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', listen);
    expect(unhandled).toEqual([]);
  });
});
