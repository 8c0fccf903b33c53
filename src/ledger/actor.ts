/**
 * Who is acting: the submitting participant, and whose accounts it may move.
 * @module
 */

export interface Actor {
  readonly participant: string;
  /** Operators (the FMI itself) may act on every account. */
  readonly operator: boolean;
  /** True when the participant may debit accounts of `owner` (itself, or its clients). */
  actsFor(owner: string): boolean;
}

/** An operator actor, for genesis set-up and internal workflows. */
export const OPERATOR_ACTOR: Actor = {
  participant: 'operator',
  operator: true,
  actsFor: () => true,
};

export function participantActor(participant: string): Actor {
  return { participant, operator: false, actsFor: (owner) => owner === participant };
}
