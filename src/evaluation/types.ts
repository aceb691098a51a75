/** One user-item interaction as read from a ratings file. */
export interface Interaction {
  userId: string;
  itemId: string;
  /** Explicit rating, if the data has one. */
  rating?: number;
  /** Epoch milliseconds, if the data has them. */
  timestamp?: number;
}

/** A train/test split of interactions. */
export interface Split {
  train: Interaction[];
  test: Interaction[];
}
