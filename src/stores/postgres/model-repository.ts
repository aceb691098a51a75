import type { ModelRepository, Snapshot, SnapshotInfo } from '../types.js';
import { BASE64, EPOCH_MS, fromJson, json, num, toBytes } from './codec.js';
import { storeCall, type Row, type SqlExecutor } from './executor.js';
import { text } from '../checks.js';
import { checkModelSave, checkModelVersion } from '../port-checks.js';

const INFO = `name, version, size_bytes::float8 AS size_bytes, metadata, ${EPOCH_MS('created_at')} AS ts`;

function toInfo(r: Row): SnapshotInfo {
  return { name: r.name as string, version: num(r.version), sizeBytes: num(r.size_bytes), createdAt: new Date(num(r.ts)), metadata: fromJson(r.metadata) };
}

/** Versioned snapshots in `sona_model_snapshots`. */
export class PostgresModelRepository implements ModelRepository {
  constructor(private readonly db: SqlExecutor) {}

  async save(name: string, data: Uint8Array, metadata: Record<string, unknown> = {}): Promise<number> {
    checkModelSave(name, data, metadata);
    return storeCall('model save', () =>
      this.db.transaction(async (tx) => {
        // Serialise concurrent saves of one name so version numbers never collide.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sona_model:${name}`]);
        const [row] = await tx.query(
          `INSERT INTO sona_model_snapshots (name, version, data, size_bytes, metadata)
           SELECT $1, coalesce(max(version), 0) + 1, $2::bytea, $3::bigint, $4::text::jsonb FROM sona_model_snapshots WHERE name = $1
           RETURNING version`,
          [name, data, data.byteLength, json(metadata)],
        );
        return num(row!.version);
      }),
    );
  }

  async latest(name: string): Promise<Snapshot | undefined> {
    text(name, 'name');
    return this.one('model latest', 'WHERE name = $1 ORDER BY version DESC LIMIT 1', [name]);
  }

  async get(name: string, version: number): Promise<Snapshot | undefined> {
    checkModelVersion(name, version, true);
    return this.one('model get', 'WHERE name = $1 AND version = $2::int', [name, version]);
  }

  async list(name: string): Promise<SnapshotInfo[]> {
    text(name, 'name');
    return storeCall('model list', async () =>
      (await this.db.query(`SELECT ${INFO} FROM sona_model_snapshots WHERE name = $1 ORDER BY version DESC`, [name])).map(toInfo),
    );
  }

  async delete(name: string, version?: number): Promise<number> {
    checkModelVersion(name, version, false);
    return storeCall('model delete', async () =>
      version === undefined
        ? (await this.db.query('DELETE FROM sona_model_snapshots WHERE name = $1 RETURNING version', [name])).length
        : (await this.db.query('DELETE FROM sona_model_snapshots WHERE name = $1 AND version = $2::int RETURNING version', [name, version])).length,
    );
  }

  private one(what: string, where: string, params: Array<string | number>): Promise<Snapshot | undefined> {
    return storeCall(what, async () => {
      const [r] = await this.db.query(`SELECT ${INFO}, ${BASE64('data')} FROM sona_model_snapshots ${where}`, params);
      return r && { ...toInfo(r), data: toBytes(r.data) };
    });
  }
}
