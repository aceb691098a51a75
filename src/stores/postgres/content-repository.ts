import type { ContentItem } from '../../core/types.js';
import type { ContentRepository } from '../types.js';
import { chunks, fromJson, json, num, valuesList } from './codec.js';
import { storeCall, type Row, type SqlExecutor } from './executor.js';
import { optionalObject, text, texts } from '../checks.js';
import { checkUpsertItems } from '../port-checks.js';

const COLUMNS = 'id, title, description, genres, cast_members, directors, themes, release_year, popularity, runtime_minutes, metadata';
const CASTS = ['', '', '', '::text::jsonb', '::text::jsonb', '::text::jsonb', '::text::jsonb', '::int', '::float8', '::float8', '::text::jsonb'];

function toItem(r: Row): ContentItem {
  const item: ContentItem = { id: r.id as string, title: r.title as string };
  if (r.description !== null) item.description = r.description as string;
  if (r.genres !== null) item.genres = fromJson(r.genres);
  if (r.cast_members !== null) item.cast = fromJson(r.cast_members);
  if (r.directors !== null) item.directors = fromJson(r.directors);
  if (r.themes !== null) item.themes = fromJson(r.themes);
  if (r.release_year !== null) item.releaseYear = num(r.release_year);
  if (r.popularity !== null) item.popularity = num(r.popularity);
  if (r.runtime_minutes !== null) item.runtimeMinutes = num(r.runtime_minutes);
  if (r.metadata !== null) item.metadata = fromJson(r.metadata);
  return item;
}

/** The catalogue in `sona_content`. */
export class PostgresContentRepository implements ContentRepository {
  constructor(private readonly db: SqlExecutor) {}

  async upsert(items: readonly ContentItem[]): Promise<void> {
    checkUpsertItems(items);
    return storeCall('content upsert', () =>
      this.db.transaction(async (tx) => {
        for (const batch of chunks(items, 500)) {
          const params = batch.flatMap((i) => [
            i.id,
            i.title,
            i.description ?? null,
            json(i.genres),
            json(i.cast),
            json(i.directors),
            json(i.themes),
            i.releaseYear ?? null,
            i.popularity ?? null,
            i.runtimeMinutes ?? null,
            json(i.metadata),
          ]);
          await tx.query(
            `INSERT INTO sona_content (${COLUMNS}) VALUES ${valuesList(batch.length, CASTS)}
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description,
               genres = excluded.genres, cast_members = excluded.cast_members, directors = excluded.directors,
               themes = excluded.themes, release_year = excluded.release_year, popularity = excluded.popularity,
               runtime_minutes = excluded.runtime_minutes, metadata = excluded.metadata, updated_at = now()`,
            params,
          );
        }
      }),
    );
  }

  async get(id: string): Promise<ContentItem | undefined> {
    text(id, 'id');
    return storeCall('content get', async () => {
      const [row] = await this.db.query(`SELECT ${COLUMNS} FROM sona_content WHERE id = $1`, [id]);
      return row && toItem(row);
    });
  }

  async getMany(ids: readonly string[]): Promise<ContentItem[]> {
    texts(ids, 'ids');
    return storeCall('content getMany', async () => {
      if (ids.length === 0) return [];
      const rows = await this.db.query(`SELECT ${COLUMNS} FROM sona_content WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`, [
        JSON.stringify(ids),
      ]);
      const byId = new Map(rows.map((r) => [r.id as string, r]));
      return ids.flatMap((id) => (byId.has(id) ? [toItem(byId.get(id)!)] : []));
    });
  }

  async missing(ids: readonly string[]): Promise<string[]> {
    texts(ids, 'ids');
    return storeCall('content missing', async () => {
      if (ids.length === 0) return [];
      const rows = await this.db.query<{ id: string }>(
        `SELECT DISTINCT t.id FROM jsonb_array_elements_text($1::text::jsonb) AS t(id)
         WHERE NOT EXISTS (SELECT 1 FROM sona_content c WHERE c.id = t.id)`,
        [JSON.stringify(ids)],
      );
      return rows.map((r) => r.id);
    });
  }

  async *scan(options: { batchSize?: number } = {}): AsyncIterable<ContentItem[]> {
    optionalObject(options, 'options');
    const size = Math.max(1, Math.floor(options.batchSize ?? 1000));
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const rows = await storeCall('content scan', () =>
        this.db.query(`SELECT ${COLUMNS} FROM sona_content WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`, [cursor, size]),
      );
      if (rows.length === 0) return;
      yield rows.map(toItem);
      after = rows.at(-1)!.id as string;
      if (rows.length < size) return;
    }
  }

  count(): Promise<number> {
    return storeCall('content count', async () => num((await this.db.query('SELECT count(*)::int AS n FROM sona_content'))[0]!.n));
  }

  async delete(ids: readonly string[]): Promise<number> {
    texts(ids, 'ids');
    return storeCall('content delete', async () => {
      if (ids.length === 0) return 0;
      const rows = await this.db.query('DELETE FROM sona_content WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) RETURNING id', [
        JSON.stringify(ids),
      ]);
      return rows.length;
    });
  }
}
