/**
 * The demo's residents paying each other across the border (docs/sim.md "Payments",
 * docs/payments.md §11). At its first steps the Payment Connect set-up (demo_payments.ts); then
 * each payment of the day's plan (payments_plan.ts) once it is due, sent by the payer's bank with,
 * when the currencies differ, BOCHK's quote just before it.
 *
 * The desk keeps to the rules so that nothing it sends is refused, except on purpose: it sends
 * Southbound only in service hours, keeps each payer within the daily and annual caps, the
 * Southbound quota, the single-payment cap and any bank's own daily cap, sends salaries only
 * for a payer their bank has approved (the set-up approves the employer), and keeps each payer
 * within their deposit (a payment that would not fit is left out, not sent). The one exception
 * is CHEUNG Siu Fan's afternoon payment past the daily cap, refused PAYMENT_DAILY_LIMIT each day:
 * the refusal the console shows.
 *
 * A restarted desk sends nothing twice: a payment the hub holds (by its end-to-end id) is not sent
 * again, and the deliberate refusal is sent only in the ten minutes after it falls due.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { secondOfDay } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import {
  checkCounters,
  checkPaymentRules,
  checkSalaryApproval,
  hkDate,
  type LimitBook,
  limitAmount,
  type PaymentInstruction,
  reserveCounters,
} from '../../payments/index.js';
import { parseCommand } from '../../protocol/index.js';
import {
  DEMO_CNY_PER_HKD_E8,
  DEMO_HKD_PER_CNY_E8_QUOTE,
  depositId,
  PAYMENTS_LINK_BANK,
  paymentsSetUpSubmissions,
} from '../demo_payments.js';
import type { Submission } from '../genesis.js';
import { type PlannedPayment, planPaymentsDay } from './payments_plan.js';

const SET_UP_STEPS_MAX = 8;
/** The deliberate over-cap payment is sent only this long after it falls due. */
const DELIBERATE_WINDOW_S = 600;

/** What the desk has let through this step, not yet in the hub's state. */
interface StepScratch {
  readonly limits: LimitBook;
  readonly spent: Map<string, bigint>;
}

export class PaymentsDesk {
  private set_up_steps = 0;
  private ready = false;
  private day = '';
  private plan: PlannedPayment[] = [];
  /** How many of the day's plan have been considered. */
  private cursor = 0;
  private readonly salt: number;

  constructor(rng: Mulberry32) {
    this.salt = rng.int(0, 0x7fffffff);
  }

  step(state: HubState, now_us: number): Submission[] {
    if (!this.ready) {
      const set_up = this.set_up_steps < SET_UP_STEPS_MAX ? paymentsSetUpSubmissions(state) : [];
      this.set_up_steps += 1;
      if (set_up.length > 0) return set_up;
      this.ready = state.payments.settings.rates !== null;
      if (!this.ready) return [];
    }
    const today = hkDate(now_us);
    if (today !== this.day) {
      this.day = today;
      this.plan = planPaymentsDay(this.salt, today);
      this.cursor = 0;
    }
    const second = secondOfDay(now_us);
    const scratch: StepScratch = {
      limits: { counters: new Map(state.payments.limits.counters) },
      spent: new Map(),
    };
    const out: Submission[] = [];
    while (this.cursor < this.plan.length) {
      const planned = this.plan[this.cursor] as PlannedPayment;
      if (planned.due_second > second) break;
      this.cursor += 1;
      if (state.payments.book.payments.has(planned.end_to_end_id)) continue;
      if (planned.deliberate) {
        if (second - planned.due_second < DELIBERATE_WINDOW_S)
          out.push(...this.send(state, planned));
        continue;
      }
      if (fits(state, planned, now_us, scratch)) out.push(...this.send(state, planned));
    }
    return out;
  }

  /** The quote when the currencies differ, then the payment, both from the banks. */
  private send(state: HubState, p: PlannedPayment): Submission[] {
    const out: Submission[] = [];
    let quote_id: string | undefined;
    if (p.send_currency !== p.receive_currency) {
      quote_id = `Q${state.seq}-${p.end_to_end_id}`;
      const rate = p.send_currency === 'HKD' ? DEMO_CNY_PER_HKD_E8 : DEMO_HKD_PER_CNY_E8_QUOTE;
      out.push(
        submission(PAYMENTS_LINK_BANK, {
          ...{ type: 'payments.quote', quote_id, bank: PAYMENTS_LINK_BANK },
          ...{ from: p.send_currency, to: p.receive_currency, rate_e8: rate.toString() },
        }),
      );
    }
    const { id, id_type, name, bank, account } = p.payer;
    out.push(
      submission(bank, {
        ...{ type: 'payments.submit', end_to_end_id: p.end_to_end_id, direction: p.direction },
        payer: { id, id_type, name, bank, account },
        payee_proxy: { type: p.payee.proxy_type, value: p.payee.proxy },
        ...{ send_currency: p.send_currency, receive_currency: p.receive_currency },
        ...{ amount_minor: p.amount_minor.toString(), purpose: p.purpose },
        ...(quote_id === undefined ? {} : { quote_id }),
      }),
    );
    return out;
  }
}

function instructionOf(p: PlannedPayment): PaymentInstruction {
  const { id, id_type, name, bank, account } = p.payer;
  return {
    ...{ end_to_end_id: p.end_to_end_id, direction: p.direction },
    payer: { id, id_type, name, bank, account },
    payee_proxy: { type: p.payee.proxy_type, value: p.payee.proxy },
    ...{ send_currency: p.send_currency, receive_currency: p.receive_currency },
    ...{ amount_minor: p.amount_minor, purpose: p.purpose },
  };
}

/**
 * Whether the payment goes through as the hub will check it: the rules (hours, single cap), a
 * salary payer's approval by their bank, the caps, the quota and the banks' own daily caps
 * counted with what this step already let through, and the payer's deposit.
 * What fits is counted into the scratch.
 */
function fits(state: HubState, p: PlannedPayment, now_us: number, scratch: StepScratch): boolean {
  const settings = state.payments.settings;
  const rates = settings.rates;
  if (rates === null) return false;
  const instruction = instructionOf(p);
  if (checkPaymentRules(instruction, now_us, settings.connect) !== undefined) return false;
  if (checkSalaryApproval(state.payments.salary_approvals, instruction) !== undefined) return false;
  const amount = limitAmount(instruction, rates);
  const limits = scratch.limits;
  if (checkCounters(limits, instruction, amount, now_us, settings.connect) !== undefined)
    return false;
  const asset = p.payer.side === 'MAINLAND' ? 'CNY' : p.send_currency === 'HKD' ? 'HKD' : 'CNH';
  const deposit = depositId(p.payer, asset);
  const account = state.ledger.accounts.get(deposit);
  const spent = scratch.spent.get(deposit) ?? 0n;
  if (account === undefined || postedBalance(account) - spent < p.amount_minor) return false;
  reserveCounters(limits, instruction, amount, now_us, settings.connect);
  scratch.spent.set(deposit, spent + p.amount_minor);
  return true;
}

function submission(participant: string, json: Record<string, unknown>): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`payments desk: ${JSON.stringify(parsed.problems)}`);
  return { participant, command: parsed.command };
}
