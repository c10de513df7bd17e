import { recallAgainstExact } from '@clrec/spec';

/**
 * Former name of `recallAgainstExact` (`@clrec/spec`, re-exported here): mean recall@K of an
 * approximate search against the exact one.
 * @deprecated Use `recallAgainstExact`; the name `recallAtK` collided with `@clrec/metrics`' Recall@K of
 * held-out items (now `heldOutRecallAtK`). Removed in the next minor release.
 */
export const recallAtK: typeof recallAgainstExact = recallAgainstExact;
