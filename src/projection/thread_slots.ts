/**
 * The shared-memory slots between the hub's thread and the projection thread.
 * @module
 */

/** The last command seq the projection thread has committed. */
export const SEQ_SLOT = 0;
/** 1 once the projection thread has failed (its error is on the error port). */
export const FAILED_SLOT = 1;
export const SLOTS = 2;
