/** Progress of an export, import or migration, reported through a callback (the CLI draws a bar). */
export interface TransferProgress {
  /** Which side is reporting. */
  readonly phase: 'export' | 'import';
  /** Entries handled so far (exported, or read from the input when importing). */
  readonly done: number;
  /** Entries expected in all, when known (the source's live count at the start). */
  readonly total?: number;
}

/** Receives progress; called after every page or batch, and once at the end. */
export type ProgressCallback = (progress: TransferProgress) => void;
