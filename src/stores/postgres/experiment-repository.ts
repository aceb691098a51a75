import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Assignment, Experiment, ExperimentPatch, ExperimentStatus, NewExperiment, Variant, VariantTotals } from '../../experiments/types.js';
import type { ExperimentRepository } from '../types.js';
import { EPOCH_MS, fromJson, json, num } from './codec.js';
import { storeCall, type Row, type SqlExecutor } from './executor.js';
import { optionalObject, text } from '../checks.js';
import { checkAssignment, checkConversion, checkExperimentUpdate, checkExperimentUser, checkExposure, checkNewExperiment } from '../port-checks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPERIMENT = `id::text AS id, name, description, status, traffic_allocation, seed, namespace_id, namespace_start, namespace_end,
  ${EPOCH_MS('starts_at')} AS starts, ${EPOCH_MS('ends_at')} AS ends, ${EPOCH_MS('created_at')} AS created, ${EPOCH_MS('updated_at')} AS updated`;

/** PostgreSQL's unique-violation code. */
const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  const cause = (err as { cause?: { code?: unknown } })?.cause?.code;
  return code === UNIQUE_VIOLATION || cause === UNIQUE_VIOLATION;
}

/** Experiments, variants, assignments, exposures and conversions in the `sona_experiment*` tables. */
export class PostgresExperimentRepository implements ExperimentRepository {
  constructor(private readonly db: SqlExecutor) {}

  async create(input: NewExperiment): Promise<Experiment> {
    checkNewExperiment(input);
    const names = new Set<string>();
    input.variants.forEach((v, i) => {
      if (names.has(v.name)) throw new ValidationError(`variants[${i}].name`, 'must be unique within the experiment');
      names.add(v.name);
    });
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO sona_experiments (name, description, status, traffic_allocation, seed, namespace_id, namespace_start, namespace_end, starts_at, ends_at)
           VALUES ($1, $2, $3, $4::float8, coalesce($5, gen_random_uuid()::text), $6, $7::float8, $8::float8,
                   to_timestamp($9::float8 / 1000), to_timestamp($10::float8 / 1000)) RETURNING id::text AS id`,
          [
            input.name,
            input.description ?? null,
            input.status ?? 'draft',
            input.trafficAllocation ?? 1,
            input.seed ?? null,
            input.namespace?.id ?? null,
            input.namespace?.start ?? null,
            input.namespace?.end ?? null,
            input.startsAt ? input.startsAt.getTime() : null,
            input.endsAt ? input.endsAt.getTime() : null,
          ],
        );
        const id = row!.id;
        if (input.seed === undefined) await tx.query('UPDATE sona_experiments SET seed = id::text WHERE id = $1::uuid', [id]);
        for (const [position, v] of input.variants.entries()) {
          await tx.query(
            'INSERT INTO sona_experiment_variants (experiment_id, position, name, weight, config) VALUES ($1::uuid, $2::int, $3, $4::float8, $5::text::jsonb)',
            [id, position, v.name, v.weight, json(v.config ?? {})],
          );
        }
        return (await this.load(tx, 'id = $1::uuid', [id]))[0]!;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError('name', `an experiment named ${JSON.stringify(input.name)} already exists`, { cause: err });
      return storeCall('experiment create', () => Promise.reject(err));
    }
  }

  async get(id: string): Promise<Experiment | undefined> {
    text(id, 'id');
    if (!UUID.test(id)) return Promise.resolve(undefined);
    return storeCall('experiment get', async () => (await this.load(this.db, 'id = $1::uuid', [id]))[0]);
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    text(name, 'name');
    return storeCall('experiment getByName', async () => (await this.load(this.db, 'name = $1', [name]))[0]);
  }

  async list(options: { status?: ExperimentStatus } = {}): Promise<Experiment[]> {
    optionalObject(options, 'options');
    return storeCall('experiment list', () =>
      options.status === undefined ? this.load(this.db, 'true', []) : this.load(this.db, 'status = $1', [options.status]),
    );
  }

  async update(id: string, patch: ExperimentPatch): Promise<Experiment> {
    checkExperimentUpdate(id, patch);
    if (!UUID.test(id)) throw new NotFoundError('experiment', id);
    const updated = await storeCall('experiment update', () =>
      this.db.transaction(async (tx) => {
        if (patch.seed !== undefined) {
          // Re-seeding reshuffles users, so their stored variants go with the old seed.
          await tx.query(
            'DELETE FROM sona_experiment_assignments WHERE experiment_id = $1::uuid AND EXISTS (SELECT 1 FROM sona_experiments WHERE id = $1::uuid AND seed IS DISTINCT FROM $2)',
            [id, patch.seed],
          );
        }
        const ns = patch.namespace;
        const rows = await tx.query(
          `UPDATE sona_experiments SET
             description = CASE WHEN $2::boolean THEN $3 ELSE description END,
             status = coalesce($4, status),
             traffic_allocation = coalesce($5::float8, traffic_allocation),
             seed = coalesce($6, seed),
             namespace_id = CASE WHEN $7::boolean THEN $8 ELSE namespace_id END,
             namespace_start = CASE WHEN $7::boolean THEN $9::float8 ELSE namespace_start END,
             namespace_end = CASE WHEN $7::boolean THEN $10::float8 ELSE namespace_end END,
             starts_at = CASE WHEN $11::boolean THEN to_timestamp($12::float8 / 1000) ELSE starts_at END,
             ends_at = CASE WHEN $13::boolean THEN to_timestamp($14::float8 / 1000) ELSE ends_at END,
             updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond')
           WHERE id = $1::uuid RETURNING id`,
          [
            id,
            patch.description !== undefined,
            patch.description ?? null,
            patch.status ?? null,
            patch.trafficAllocation ?? null,
            patch.seed ?? null,
            ns !== undefined,
            ns?.id ?? null,
            ns?.start ?? null,
            ns?.end ?? null,
            patch.startsAt !== undefined,
            patch.startsAt ? patch.startsAt.getTime() : null,
            patch.endsAt !== undefined,
            patch.endsAt ? patch.endsAt.getTime() : null,
          ],
        );
        return rows.length > 0 ? (await this.load(tx, 'id = $1::uuid', [id]))[0] : undefined;
      }),
    );
    if (!updated) throw new NotFoundError('experiment', id);
    return updated;
  }

  async delete(id: string): Promise<boolean> {
    text(id, 'id');
    if (!UUID.test(id)) return Promise.resolve(false);
    return storeCall('experiment delete', async () => (await this.db.query('DELETE FROM sona_experiments WHERE id = $1::uuid RETURNING id', [id])).length > 0);
  }

  async assign(experimentId: string, userId: string, variantId: string): Promise<Assignment> {
    checkAssignment(experimentId, userId, variantId);
    await this.assertVariant(experimentId, variantId);
    return storeCall('experiment assign', async () => {
      // ON CONFLICT DO NOTHING makes concurrent first assignments end in exactly one row.
      await this.db.query(
        'INSERT INTO sona_experiment_assignments (experiment_id, user_id, variant_id) VALUES ($1::uuid, $2, $3::uuid) ON CONFLICT (experiment_id, user_id) DO NOTHING',
        [experimentId, userId, variantId],
      );
      return (await this.getAssignment(experimentId, userId))!;
    });
  }

  async getAssignment(experimentId: string, userId: string): Promise<Assignment | undefined> {
    checkExperimentUser(experimentId, userId);
    if (!UUID.test(experimentId)) return Promise.resolve(undefined);
    return storeCall('experiment getAssignment', async () => {
      const [r] = await this.db.query(
        `SELECT experiment_id::text AS e, user_id, variant_id::text AS v, ${EPOCH_MS('assigned_at')} AS ts
         FROM sona_experiment_assignments WHERE experiment_id = $1::uuid AND user_id = $2`,
        [experimentId, userId],
      );
      return r && { experimentId: r.e as string, userId: r.user_id as string, variantId: r.v as string, assignedAt: new Date(num(r.ts)) };
    });
  }

  async recordExposure(experimentId: string, userId: string, variantId: string, context?: Record<string, unknown>): Promise<boolean> {
    checkExposure(experimentId, userId, variantId, context);
    await this.assertVariant(experimentId, variantId);
    return storeCall(
      'experiment recordExposure',
      async () =>
        (
          await this.db.query(
            `INSERT INTO sona_experiment_exposures (experiment_id, user_id, variant_id, context) VALUES ($1::uuid, $2, $3::uuid, $4::text::jsonb)
           ON CONFLICT (experiment_id, user_id) DO NOTHING RETURNING user_id`,
            [experimentId, userId, variantId, json(context)],
          )
        ).length > 0,
    );
  }

  async recordConversion(
    experimentId: string,
    userId: string,
    variantId: string,
    metric: string,
    value: number,
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    checkConversion(experimentId, userId, variantId, metric, value, metadata);
    await this.assertVariant(experimentId, variantId);
    await storeCall('experiment recordConversion', () =>
      this.db.query(
        'INSERT INTO sona_experiment_conversions (experiment_id, user_id, variant_id, metric, value, metadata) VALUES ($1::uuid, $2, $3::uuid, $4, $5::float8, $6::text::jsonb)',
        [experimentId, userId, variantId, metric, value, json(metadata)],
      ),
    );
  }

  async totals(experimentId: string): Promise<VariantTotals[]> {
    text(experimentId, 'experimentId');
    const experiment = await this.get(experimentId);
    if (!experiment) throw new NotFoundError('experiment', experimentId);
    return storeCall('experiment totals', async () => {
      const counts = await this.db.query(
        `SELECT v.id::text AS id,
           (SELECT count(*)::int FROM sona_experiment_assignments a WHERE a.variant_id = v.id) AS users,
           (SELECT count(*)::int FROM sona_experiment_exposures x WHERE x.variant_id = v.id) AS exposed
         FROM sona_experiment_variants v WHERE v.experiment_id = $1::uuid`,
        [experimentId],
      );
      const metrics = await this.db.query(
        `SELECT variant_id::text AS id, metric, count(*)::int AS n, count(DISTINCT user_id)::int AS users,
           sum(value)::float8 AS s, sum(value * value)::float8 AS ss
         FROM sona_experiment_conversions WHERE experiment_id = $1::uuid GROUP BY variant_id, metric`,
        [experimentId],
      );
      const byId = new Map(counts.map((r) => [r.id as string, r]));
      return experiment.variants.map((v) => {
        const m: VariantTotals['metrics'] = {};
        for (const r of metrics) {
          if (r.id === v.id) m[r.metric as string] = { count: num(r.n), users: num(r.users), sum: num(r.s), sumSquares: num(r.ss) };
        }
        const c = byId.get(v.id);
        return { variantId: v.id, users: num(c?.users ?? 0), exposedUsers: num(c?.exposed ?? 0), metrics: m };
      });
    });
  }

  private async assertVariant(experimentId: string, variantId: string): Promise<void> {
    if (!UUID.test(experimentId)) throw new NotFoundError('experiment', experimentId);
    if (!UUID.test(variantId)) throw new NotFoundError('variant', variantId);
    const rows = await storeCall('experiment lookup', () =>
      this.db.query(
        `SELECT (SELECT count(*)::int FROM sona_experiments WHERE id = $1::uuid) AS e,
                (SELECT count(*)::int FROM sona_experiment_variants WHERE id = $2::uuid AND experiment_id = $1::uuid) AS v`,
        [experimentId, variantId],
      ),
    );
    if (num(rows[0]!.e) === 0) throw new NotFoundError('experiment', experimentId);
    if (num(rows[0]!.v) === 0) throw new NotFoundError('variant', variantId);
  }

  private async load(db: SqlExecutor, where: string, params: string[]): Promise<Experiment[]> {
    const rows = await db.query(`SELECT ${EXPERIMENT} FROM sona_experiments WHERE ${where} ORDER BY created_at, name`, params);
    if (rows.length === 0) return [];
    const variants = await db.query(
      `SELECT id::text AS id, experiment_id::text AS e, name, weight, config FROM sona_experiment_variants
       WHERE experiment_id IN (SELECT (jsonb_array_elements_text($1::text::jsonb))::uuid) ORDER BY position`,
      [JSON.stringify(rows.map((r) => r.id))],
    );
    return rows.map((r: Row) => {
      const e: Experiment = {
        id: r.id as string,
        name: r.name as string,
        status: r.status as ExperimentStatus,
        trafficAllocation: num(r.traffic_allocation),
        seed: r.seed as string,
        variants: variants
          .filter((v) => v.e === r.id)
          .map((v): Variant => ({ id: v.id as string, name: v.name as string, weight: num(v.weight), config: fromJson(v.config) })),
        createdAt: new Date(num(r.created)),
        updatedAt: new Date(num(r.updated)),
      };
      if (r.description !== null) e.description = r.description as string;
      if (r.namespace_id !== null) e.namespace = { id: r.namespace_id as string, start: num(r.namespace_start), end: num(r.namespace_end) };
      if (r.starts !== null) e.startsAt = new Date(num(r.starts));
      if (r.ends !== null) e.endsAt = new Date(num(r.ends));
      return e;
    });
  }
}
