// A host application exposing SONA over HTTP with Node's own `http` module (the SDK itself has no
// HTTP layer). Run it with `npx tsx examples/http-server.ts` (PORT, default 3000; PORT=0 picks a
// free one) and try:
//   curl -s localhost:3000/api/v1/recommendations -H 'content-type: application/json' -d '{"userId":"u1","count":3}'
// In your app, import from '@media-gateway/sona' instead of '../src/index.js'.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { SonaError, ValidationError, createEngine, type SonaEngine } from '../src/index.js';

/** Largest request body accepted, in bytes. */
const MAX_BODY = 1_000_000;

/** An HTTP-level fault: a status and a JSON body, raised before the engine is called. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

type Handler = (request: { body: Record<string, unknown>; params: string[]; query: URLSearchParams }) => Promise<unknown>;

/** The original SONA service's API, wired to one engine. */
export function sonaServer(engine: SonaEngine): Server {
  const routes: Array<{ method: string; path: RegExp; handle: Handler }> = [
    { method: 'GET', path: /^\/health$/, handle: async () => ({ status: 'ok' }) },
    {
      method: 'POST',
      path: /^\/api\/v1\/recommendations$/,
      handle: async ({ body }) => {
        const { userId, ...options } = body;
        return engine.recommendDetailed(requiredString(userId, 'userId'), options);
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/similar\/([^/]+)$/,
      handle: async ({ params, query }) => ({ items: await engine.similarItems(params[0]!, { count: optionalInt(query.get('count'), 'count') }) }),
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/events\/track$/,
      // One event, or { events: [...] } for a batch.
      handle: async ({ body }) => engine.track(('events' in body ? body.events : body) as never),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/profile\/([^/]+)$/,
      handle: async ({ params }) => {
        const profile = await engine.getProfile(params[0]!);
        return { ...profile, preferenceVector: Array.from(profile.preferenceVector), attributes: (await engine.getUserAttributes(params[0]!)) ?? null };
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/profile\/update$/,
      handle: async ({ body }) => {
        const { userId, ...attributes } = body;
        return engine.updateUserAttributes(requiredString(userId, 'userId'), attributes);
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/lora\/train$/,
      handle: async ({ body }) => engine.trainAdapter(requiredString(body.userId, 'userId')),
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/experiments\/assign$/,
      handle: async ({ body }) => {
        const active = await engine.experiments.assign(requiredString(body.experimentId, 'experimentId'), requiredString(body.userId, 'userId'));
        return { assigned: active !== undefined, variant: active?.variant.name ?? null, config: active?.config ?? null };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/experiments\/([^/]+)\/results$/,
      handle: async ({ params }) => engine.experimentResults(params[0]!),
    },
  ];

  const server = createServer((req, res) => {
    const started = performance.now();
    let status = 500;
    // One structured line per request (method, route, status, time), never the body or ids.
    res.on('finish', () =>
      log({ level: 'info', method: req.method, path: routeOf(req.url), status: res.statusCode, ms: Math.round(performance.now() - started) }),
    );
    // A client that hangs up mid-request is routine, not an error with a stack.
    res.on('close', () => {
      if (!res.writableFinished) log({ level: 'info', method: req.method, path: routeOf(req.url), status, aborted: true });
    });
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const matching = routes.filter((r) => r.path.test(url.pathname));
        if (matching.length === 0) throw new HttpError(404, { error: 'NOT_FOUND', message: `no route for ${url.pathname}` });
        const route = matching.find((r) => r.method === req.method);
        if (!route) {
          res.setHeader('allow', matching.map((r) => r.method).join(', '));
          throw new HttpError(405, { error: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed here` });
        }
        const params = route.path.exec(url.pathname)!.slice(1).map(decodePath);
        const body = req.method === 'POST' ? await readJson(req) : {};
        send(res, (status = 200), await route.handle({ body, params, query: url.searchParams }));
      } catch (error) {
        const [code, body] = describe(error);
        if (!res.destroyed) send(res, (status = code), body);
      }
    })();
  });
  // Slow or stalled clients cannot hold a connection forever (slowloris).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/** The route of a request URL, without the query string or the ids in its path. */
function routeOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!.replace(/\/(recommendations|profile|similar|experiments)\/[^/]+/, '/$1/:id');
}

/** Writes one JSON line to standard output (a log shipper's favourite shape). */
function log(fields: Record<string, unknown>): void {
  if (process.env.SONA_HTTP_LOG !== 'off') process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

/** Maps a fault to a status: input faults are 4xx with the field at fault, never 500. */
function describe(error: unknown): [number, Record<string, unknown>] {
  if (error instanceof HttpError) return [error.status, error.body];
  if (error instanceof ValidationError) return [400, { error: error.code, field: error.field.replace(/^options\./, ''), message: error.message }];
  if (error instanceof SonaError) {
    const status = { SONA_NOT_FOUND: 404, SONA_DIMENSION_MISMATCH: 400, SONA_CLOSED: 503, SONA_STORE: 503, SONA_ABORTED: 503 }[error.code as string] ?? 500;
    return [status, { error: error.code, message: error.message }];
  }
  log({ level: 'error', error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
  return [500, { error: 'INTERNAL', message: 'internal error' }];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? 'application/json').includes('json')) {
    throw new HttpError(415, { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is read to its end but not kept, so the client receives the 413.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY) throw new HttpError(413, { error: 'PAYLOAD_TOO_LARGE', message: `bodies are limited to ${MAX_BODY} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, { error: 'SONA_VALIDATION', field: 'body', message: 'body: must be valid JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, { error: 'SONA_VALIDATION', field: 'body', message: 'body: must be a JSON object' });
  }
  return body as Record<string, unknown>;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ValidationError(field, value === undefined ? 'is required' : 'must be a string');
  return value;
}

function optionalInt(value: string | null, field: string): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new ValidationError(field, 'must be a positive whole number');
  return Number(value);
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, { error: 'SONA_VALIDATION', field: 'path', message: 'path: malformed percent-encoding' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

// Started directly: a small catalogue and a running experiment, then serve until stopped.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const engine = await createEngine();
  await engine.upsertContent([
    { id: 'heat', title: 'Heat', genres: ['Crime', 'Thriller'], cast: ['Al Pacino', 'Robert De Niro'] },
    { id: 'ronin', title: 'Ronin', genres: ['Crime', 'Action'], cast: ['Robert De Niro'] },
    { id: 'collateral', title: 'Collateral', genres: ['Crime', 'Thriller'], directors: ['Michael Mann'] },
    { id: 'up', title: 'Up', genres: ['Animation', 'Family'] },
    { id: 'coco', title: 'Coco', genres: ['Animation', 'Family', 'Music'] },
  ]);
  const experiment = await engine.experiments.create({
    name: 'cf-heavy',
    variants: [
      { name: 'control', weight: 0.5 },
      { name: 'cf-heavy', weight: 0.5, config: { weights: { collaborative: 0.6 } } },
    ],
  });
  await engine.experiments.start(experiment.id);
  const server = sonaServer(engine);
  server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    const address = server.address();
    console.log(`SONA listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}`);
  });
  const stop = () => server.close(() => void engine.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
