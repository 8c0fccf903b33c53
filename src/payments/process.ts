/**
 * One payment from instruction to credit in one go, as the hub will run it in one command:
 * replay check, rules, the salary pre-approval, lookup, limits, FX quote, reserve, PvP, credit.
 * Each step's batch goes to `apply` (the ledger, atomically); a step refused by its checks or by
 * the ledger rolls back all that was applied, in one batch. The payment is recorded in the book
 * either way, so a replay with the same body returns the same result.
 * @module
 */

import { accept, assert, type Outcome, type Rejection } from '../kernel/index.js';
import { findReplay, recordPayment } from './book.js';
import {
  creditPayee,
  failPayment,
  initiatePayment,
  type LimitRates,
  lookUpPayee,
  type PaymentStep,
  quotePayment,
  reserveFunds,
  reservePaymentLimits,
  type StepOutcome,
  settlePayment,
} from './machine.js';
import { checkSalaryApproval } from './salary.js';
import type {
  FxQuote,
  LimitBook,
  Payment,
  PaymentBook,
  PaymentConnectSettings,
  PaymentInstruction,
  ProxyDirectory,
  SalaryApprovals,
  TransferInstruction,
} from './types.js';

export interface PaymentContext {
  readonly directory: ProxyDirectory;
  readonly limits: LimitBook;
  readonly book: PaymentBook;
  /** The banks' salary pre-approvals, read only. */
  readonly salary_approvals: SalaryApprovals;
  readonly settings: PaymentConnectSettings;
  readonly rates: LimitRates;
  /** The converting bank's quote, when the currencies differ. */
  readonly quote: FxQuote | null;
  readonly now_us: number;
  /** Applies a batch all-or-nothing; a refusal means nothing was applied. */
  readonly apply: (batch: readonly TransferInstruction[]) => Rejection | undefined;
  /** false: stop once settled, and let the payee bank's confirmation credit it later. */
  readonly credit: boolean;
}

type Step = (payment: Payment) => StepOutcome;

function steps_of(ctx: PaymentContext): Step[] {
  const { now_us } = ctx;
  const steps: Step[] = [
    (p) => lookUpPayee(p, ctx.directory, now_us),
    (p) => reservePaymentLimits(p, ctx.limits, ctx.rates, now_us, ctx.settings),
    (p) => quotePayment(p, ctx.quote, now_us),
    (p) => reserveFunds(p, now_us),
    (p) => settlePayment(p, now_us),
  ];
  if (ctx.credit) steps.push((p) => creditPayee(p, now_us));
  return steps;
}

/** The payment for this instruction: new, or the one already made with the same id and body. */
export function submitPayment(
  instruction: PaymentInstruction,
  ctx: PaymentContext,
): Outcome<Payment> {
  const replay = findReplay(ctx.book, instruction);
  if (!replay.ok) return replay;
  if (replay.value !== undefined) return accept(replay.value);
  let payment = initiatePayment(instruction, ctx.now_us, ctx.settings);
  const unapproved = checkSalaryApproval(ctx.salary_approvals, instruction);
  if (payment.state !== 'rejected' && unapproved !== undefined) {
    payment = failPayment(payment, unapproved, ctx.now_us, ctx.limits).payment;
  }
  if (payment.state !== 'rejected') payment = run_steps(payment, steps_of(ctx), ctx);
  recordPayment(ctx.book, payment);
  return accept(payment);
}

/** Runs `steps` in order; the first refusal rolls the payment back. */
function run_steps(start: Payment, steps: readonly Step[], ctx: PaymentContext): Payment {
  let payment = start;
  for (const step of steps) {
    const out = step(payment);
    const refusal = 'ok' in out ? out : apply_step(out, ctx);
    if (refusal !== undefined) return roll_back(payment, refusal, ctx);
    payment = (out as PaymentStep).payment;
  }
  return payment;
}

function apply_step(step: PaymentStep, ctx: PaymentContext): Rejection | undefined {
  if (step.batch.length === 0) return undefined;
  return ctx.apply(step.batch);
}

function roll_back(payment: Payment, refusal: Rejection, ctx: PaymentContext): Payment {
  const failed = failPayment(payment, refusal, ctx.now_us, ctx.limits);
  if (failed.batch.length > 0) {
    // Undoing what this payment itself applied moves only funds it put there: it cannot fail.
    const undone = ctx.apply(failed.batch);
    assert(undone === undefined, `rollback refused: ${undone?.code}`);
  }
  return failed.payment;
}
