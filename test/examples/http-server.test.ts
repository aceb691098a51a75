import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The example is started as a user would start it, on a free loopback port, and called over HTTP.
const root = resolve(import.meta.dirname, '../..');
let server: ChildProcess;
let base = '';
let logged = '';

beforeAll(async () => {
  server = spawn(resolve(root, 'node_modules/.bin/tsx'), ['examples/http-server.ts'], { cwd: root, env: { ...process.env, PORT: '0' } });
  base = await new Promise<string>((done, fail) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      logged += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) done(m[1]!);
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
}, 60_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

async function call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('examples/http-server.ts over real HTTP', () => {
  it('GET /health', async () => {
    expect(await call('GET', '/health')).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('logs one structured line per request, without ids, and no stack when a client hangs up', async () => {
    await call('GET', '/api/v1/recommendations/secret-user-id');
    // A client that sends half a body and hangs up.
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /api/v1/events/track HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"userId":');
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    const lines = logged
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', method: 'GET', path: '/api/v1/recommendations/:id', status: 404 }));
    expect(logged).not.toContain('secret-user-id');
    expect(lines.some((l) => l.aborted === true)).toBe(true);
    expect(logged).not.toMatch(/\n\s+at /);
  });

  it('POST /api/v1/events/track: one event or a batch; bad input is 400 with the field, unknown content 404', async () => {
    const one = await call('POST', '/api/v1/events/track', { userId: 'u1', contentId: 'heat', type: 'complete', rating: 5 });
    expect(one).toEqual({ status: 200, json: { stored: 1, duplicates: 0 } });
    const batch = await call('POST', '/api/v1/events/track', {
      events: ['heat', 'ronin', 'collateral', 'up', 'coco'].map((contentId, i) => ({
        userId: 'u2',
        contentId,
        type: 'view',
        completion: 0.9,
        timestamp: Date.now() - 1000 * (i + 1),
      })),
    });
    expect(batch.json.stored).toBe(5);
    const bad = await call('POST', '/api/v1/events/track', { events: [{ userId: 'u1', contentId: 'heat', type: 'view', completion: 7 }] });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'SONA_VALIDATION', field: 'events[0].completion' });
    const unknown = await call('POST', '/api/v1/events/track', { userId: 'u1', contentId: 'no-such-film', type: 'view' });
    expect(unknown).toMatchObject({ status: 404, json: { error: 'SONA_NOT_FOUND' } });
  });

  it('POST /api/v1/recommendations', async () => {
    const ok = await call('POST', '/api/v1/recommendations', { userId: 'u1', count: 3 });
    expect(ok.status).toBe(200);
    expect(ok.json.items).toHaveLength(3);
    expect(ok.json.items.map((i: { itemId: string }) => i.itemId)).not.toContain('heat');
    expect(typeof ok.json.items[0].explanation).toBe('string');
    expect(ok.json.experiments[0].experiment).toBe('cf-heavy');
    expect(await call('POST', '/api/v1/recommendations', { count: 3 })).toMatchObject({ status: 400, json: { field: 'userId' } });
    expect(await call('POST', '/api/v1/recommendations', { userId: 'u1', count: -2 })).toMatchObject({ status: 400, json: { field: 'count' } });
    expect(await call('POST', '/api/v1/recommendations', { userId: 'u1', context: { device: 'toaster' } })).toMatchObject({
      status: 400,
      json: { field: 'context.device' },
    });
  });

  it('GET /api/v1/similar/:contentId', async () => {
    const ok = await call('GET', '/api/v1/similar/heat?count=2');
    expect(ok.status).toBe(200);
    expect(ok.json.items).toHaveLength(2);
    expect(await call('GET', '/api/v1/similar/nope')).toMatchObject({ status: 404, json: { error: 'SONA_NOT_FOUND' } });
    expect(await call('GET', '/api/v1/similar/heat?count=abc')).toMatchObject({ status: 400, json: { field: 'count' } });
    expect(await call('GET', '/api/v1/similar/%E0%A4%A')).toMatchObject({ status: 400, json: { field: 'path' } });
  });

  it('GET /api/v1/profile/:userId and POST /api/v1/profile/update', async () => {
    const updated = await call('POST', '/api/v1/profile/update', { userId: 'u1', demographics: { country: 'BE' }, preferredGenres: ['Crime'] });
    expect(updated).toMatchObject({ status: 200, json: { userId: 'u1', demographics: { country: 'BE' }, preferredGenres: ['Crime'] } });
    const profile = await call('GET', '/api/v1/profile/u1');
    expect(profile.status).toBe(200);
    expect(profile.json.interactionCount).toBe(1);
    expect(profile.json.preferenceVector).toHaveLength(512);
    expect(profile.json.attributes.demographics).toEqual({ country: 'BE' });
    expect(await call('GET', '/api/v1/profile/stranger')).toMatchObject({ status: 404, json: { error: 'SONA_NOT_FOUND' } });
    expect(await call('POST', '/api/v1/profile/update', { userId: 'u1', demographics: { country: 3 } })).toMatchObject({
      status: 400,
      json: { field: 'attributes.demographics.country' },
    });
  });

  it('POST /api/v1/lora/train: too little history is a 400, enough trains a version', async () => {
    expect(await call('POST', '/api/v1/lora/train', { userId: 'u1' })).toMatchObject({ status: 400, json: { error: 'SONA_VALIDATION' } });
    const more = ['ronin', 'collateral', 'up', 'coco'].flatMap((contentId, i) => [
      { userId: 'u3', contentId, type: 'complete', timestamp: Date.now() - 10_000 * (i + 1) },
      { userId: 'u3', contentId, type: 'rate', rating: i < 2 ? 5 : 1, timestamp: Date.now() - 10_000 * (i + 1) + 1 },
    ]);
    await call('POST', '/api/v1/events/track', { events: [...more, ...more.map((e) => ({ ...e, contentId: 'heat', timestamp: e.timestamp - 5 }))] });
    const trained = await call('POST', '/api/v1/lora/train', { userId: 'u3' });
    expect(trained.status, JSON.stringify(trained.json)).toBe(200);
    expect(trained.json.version).toBe(1);
  });

  it('POST /api/v1/experiments/assign and GET /api/v1/experiments/:id/results', async () => {
    const assigned = await call('POST', '/api/v1/experiments/assign', { experimentId: 'cf-heavy', userId: 'u9' });
    expect(assigned.status).toBe(200);
    expect(['control', 'cf-heavy']).toContain(assigned.json.variant);
    expect(await call('POST', '/api/v1/experiments/assign', { experimentId: 'nope', userId: 'u9' })).toMatchObject({ status: 404 });
    expect(await call('POST', '/api/v1/experiments/assign', { experimentId: 'cf-heavy' })).toMatchObject({ status: 400, json: { field: 'userId' } });
    const results = await call('GET', '/api/v1/experiments/cf-heavy/results');
    expect(results.status).toBe(200);
    expect(results.json.variants.map((v: { name: string }) => v.name)).toEqual(['control', 'cf-heavy']);
    expect(await call('GET', '/api/v1/experiments/nope/results')).toMatchObject({ status: 404 });
  });

  it('asks for JSON: a form-encoded body (curl -d without a content type) is a 415', async () => {
    const res = await fetch(`${base}/api/v1/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"userId":"u1"}',
    });
    expect(res.status).toBe(415);
  });

  it('answers malformed requests with 4xx, never 500', async () => {
    expect(await call('POST', '/api/v1/recommendations', undefined, '{"userId": ')).toMatchObject({ status: 400, json: { field: 'body' } });
    expect(await call('POST', '/api/v1/recommendations', undefined, '[1,2]')).toMatchObject({ status: 400, json: { field: 'body' } });
    expect(await call('POST', '/api/v1/recommendations', undefined, 'x'.repeat(1_100_000))).toMatchObject({ status: 413 });
    expect(await call('GET', '/api/v1/recommendations')).toMatchObject({ status: 405 });
    expect(await call('GET', '/nowhere')).toMatchObject({ status: 404 });
    for (const body of [
      { userId: 42 },
      { userId: '' },
      { userId: 'u1', exclude: 'heat' },
      { userId: 'u1', count: 1e9 },
      { userId: 'u1', excludeWatched: 'sometimes' },
    ]) {
      const r = await call('POST', '/api/v1/recommendations', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});
