import type { AdapterInfo, LoraAdapterRepository, StoredAdapter } from '../types.js';
import { BASE64, EPOCH_MS, num, toBytes } from './codec.js';
import { storeCall, type Row, type SqlExecutor } from './executor.js';
import { text } from '../checks.js';
import { checkAdapterSave, checkAdapterVersion } from '../port-checks.js';

const INFO = `user_id, adapter_name, version, size_bytes::float8 AS size_bytes, training_iterations, ${EPOCH_MS('created_at')} AS ts`;

function toInfo(r: Row): AdapterInfo {
  return {
    userId: r.user_id as string,
    adapterName: r.adapter_name as string,
    version: num(r.version),
    sizeBytes: num(r.size_bytes),
    trainingIterations: num(r.training_iterations),
    createdAt: new Date(num(r.ts)),
  };
}

/** Adapter versions in `sona_lora_adapters`. */
export class PostgresLoraAdapterRepository implements LoraAdapterRepository {
  constructor(private readonly db: SqlExecutor) {}

  async save(userId: string, adapterName: string, data: Uint8Array, trainingIterations: number): Promise<number> {
    checkAdapterSave(userId, adapterName, data, trainingIterations);
    return storeCall('adapter save', () =>
      this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [JSON.stringify(['sona_lora', userId, adapterName])]);
        const [row] = await tx.query(
          `INSERT INTO sona_lora_adapters (user_id, adapter_name, version, data, size_bytes, training_iterations)
           SELECT $1, $2, coalesce(max(version), 0) + 1, $3::bytea, $4::bigint, $5::int
           FROM sona_lora_adapters WHERE user_id = $1 AND adapter_name = $2 RETURNING version`,
          [userId, adapterName, data, data.byteLength, trainingIterations],
        );
        return num(row!.version);
      }),
    );
  }

  async latest(userId: string, adapterName: string): Promise<StoredAdapter | undefined> {
    checkAdapterVersion(userId, adapterName);
    return this.one('adapter latest', 'WHERE user_id = $1 AND adapter_name = $2 ORDER BY version DESC LIMIT 1', [userId, adapterName]);
  }

  async get(userId: string, adapterName: string, version: number): Promise<StoredAdapter | undefined> {
    checkAdapterVersion(userId, adapterName, version, true);
    return this.one('adapter get', 'WHERE user_id = $1 AND adapter_name = $2 AND version = $3::int', [userId, adapterName, version]);
  }

  async list(userId: string): Promise<AdapterInfo[]> {
    text(userId, 'userId');
    return storeCall('adapter list', async () =>
      (await this.db.query(`SELECT ${INFO} FROM sona_lora_adapters WHERE user_id = $1 ORDER BY created_at DESC, version DESC`, [userId])).map(toInfo),
    );
  }

  async delete(userId: string, adapterName: string, version?: number): Promise<number> {
    checkAdapterVersion(userId, adapterName, version);
    return storeCall('adapter delete', async () =>
      version === undefined
        ? (await this.db.query('DELETE FROM sona_lora_adapters WHERE user_id = $1 AND adapter_name = $2 RETURNING version', [userId, adapterName])).length
        : (
            await this.db.query('DELETE FROM sona_lora_adapters WHERE user_id = $1 AND adapter_name = $2 AND version = $3::int RETURNING version', [
              userId,
              adapterName,
              version,
            ])
          ).length,
    );
  }

  async deleteUser(userId: string): Promise<number> {
    text(userId, 'userId');
    return storeCall(
      'adapter deleteUser',
      async () => (await this.db.query('DELETE FROM sona_lora_adapters WHERE user_id = $1 RETURNING version', [userId])).length,
    );
  }

  private one(what: string, where: string, params: Array<string | number>): Promise<StoredAdapter | undefined> {
    return storeCall(what, async () => {
      const [r] = await this.db.query(`SELECT ${INFO}, ${BASE64('data')} FROM sona_lora_adapters ${where}`, params);
      return r && { ...toInfo(r), data: toBytes(r.data) };
    });
  }
}
