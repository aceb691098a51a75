/**
 * The experiment domain: experiments, variants and assignments as stored, what a host gives to
 * create them, and what a response reports. The ExperimentRepository port stores these.
 *
 * @packageDocumentation
 */

/** Lifecycle states of an experiment. */
export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'completed';

/** A variant as stored. */
export interface Variant {
  id: string;
  name: string;
  /** Share of traffic, 0..1. */
  weight: number;
  /** JSON configuration the engine applies for users in this variant. */
  config: Record<string, unknown>;
}

/**
 * A slice [start, end) of a namespace: experiments with disjoint slices of one namespace never
 * share a user (GrowthBook's namespaces).
 */
export interface ExperimentNamespace {
  id: string;
  start: number;
  end: number;
}

/** Fields of an experiment that `ExperimentRepository.update` can change; `null` clears an optional one. */
export interface ExperimentPatch {
  description?: string;
  status?: ExperimentStatus;
  trafficAllocation?: number;
  /** A new seed reshuffles users: the repository deletes the stored assignments in the same write. */
  seed?: string;
  namespace?: ExperimentNamespace | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

/** An experiment as stored. */
export interface Experiment {
  id: string;
  name: string;
  description?: string;
  status: ExperimentStatus;
  /** Share of eligible users included, 0..1. */
  trafficAllocation: number;
  /** Hash seed: changing it reshuffles assignments. */
  seed: string;
  /** Mutually exclusive slice, when the experiment shares its users' traffic with others. */
  namespace?: ExperimentNamespace;
  /** Users are assigned only from this time on (when set). */
  startsAt?: Date;
  /** ... and only before this time (when set). */
  endsAt?: Date;
  variants: Variant[];
  createdAt: Date;
  updatedAt: Date;
}

/** What is needed to create an experiment. */
export interface NewExperiment {
  name: string;
  description?: string;
  status?: ExperimentStatus;
  trafficAllocation?: number;
  seed?: string;
  namespace?: ExperimentNamespace;
  startsAt?: Date;
  endsAt?: Date;
  variants: Array<{ name: string; weight: number; config?: Record<string, unknown> }>;
}

/** A user's stored variant in one experiment. */
export interface Assignment {
  experimentId: string;
  userId: string;
  variantId: string;
  assignedAt: Date;
}

/** Raw per-variant totals, the input of the statistics. */
export interface VariantTotals {
  variantId: string;
  /** Users assigned. */
  users: number;
  /** Distinct users exposed. */
  exposedUsers: number;
  /** Conversion rows per metric name. */
  metrics: Record<string, { count: number; users: number; sum: number; sumSquares: number }>;
}

/**
 * What a variant may change for its users. `weights` override blend weights per source;
 * `sources` lists the only sources that run (the others get weight 0); `count` is the list
 * length when the request gives none; `diversity` is the MMR λ.
 */
export interface VariantConfig {
  weights?: Record<string, number>;
  sources?: string[];
  count?: number;
  /** Diversity λ of the MMR re-ranking (1 = relevance only). */
  diversity?: number;
}

/** A variant as given to `engine.experiments.create`. */
export interface VariantInput {
  name: string;
  /** Share of the included traffic, 0..1; the weights of an experiment sum to 1. */
  weight: number;
  config?: VariantConfig;
}

/** An experiment as given to `engine.experiments.create`. It starts as a draft. */
export interface ExperimentInput {
  name: string;
  description?: string;
  /** Share of users included, 0..1 (default 1). */
  trafficAllocation?: number;
  /** Hash seed (default: the experiment's id). */
  seed?: string;
  namespace?: ExperimentNamespace;
  startsAt?: Date;
  endsAt?: Date;
  /** Two or more; the first is the control the others are compared with. */
  variants: VariantInput[];
}

/** An experiment a response took part in, as reported with the response. */
export interface ServedVariant {
  experimentId: string;
  experiment: string;
  variantId: string;
  variant: string;
}

/** A user's place in one running experiment. */
export interface ActiveVariant {
  experiment: Experiment;
  variant: Variant;
  config: VariantConfig;
}
