import type { MetadataValue } from './entry.js';

/** Operators a filter may use on one field; several are AND-ed. */
export interface FieldOperators {
  /** Field present and equal (same type); `null` matches only a stored `null`. */
  readonly $eq?: MetadataValue;
  /** Not `$eq`: a missing field matches. */
  readonly $ne?: MetadataValue;
  /** Field present, same type (number or string), greater; strings compare by code point. */
  readonly $gt?: number | string;
  /** As `$gt`, or equal. */
  readonly $gte?: number | string;
  /** Field present, same type (number or string), smaller. */
  readonly $lt?: number | string;
  /** As `$lt`, or equal. */
  readonly $lte?: number | string;
  /** Field present and equal to one of these. */
  readonly $in?: readonly MetadataValue[];
  /** Not `$in`: a missing field matches. */
  readonly $nin?: readonly MetadataValue[];
  /** `true`: the field is present (a stored `null` counts); `false`: absent. */
  readonly $exists?: boolean;
}

/** One condition: a bare value means `$eq`. */
export type FieldCondition = MetadataValue | FieldOperators;

/**
 * AND of conditions over metadata fields and the entry's `createdAt` / `updatedAt`.
 * `{}` matches everything.
 */
export type Filter = Readonly<Record<string, FieldCondition>>;

/** The operator names a filter may use. */
export const FILTER_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists'] as const;

/** One filter operator name. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Entry fields a filter may name besides metadata. */
export const ENTRY_FILTER_FIELDS = ['createdAt', 'updatedAt'] as const;
