/**
 * Payment Connect command handlers (issue 16; docs/payments.md §9).
 * @module
 */

import {
  confirmCredit,
  expirePaymentCommand,
  recallPaymentCommand,
  refuseReturnCommand,
  returnPaymentCommand,
} from './life.js';
import {
  lookupProxyCommand,
  registerProxyCommand,
  removeProxyCommand,
  updateProxyCommand,
} from './proxies.js';
import { approveSalaryPayerCommand, revokeSalaryPayerCommand } from './salary.js';
import { quotePaymentCommand, setPaymentSettings } from './settings.js';
import { submitPaymentCommand } from './submit.js';

export const PAYMENT_HANDLERS = {
  'payments.set_settings': setPaymentSettings,
  'payments.register_proxy': registerProxyCommand,
  'payments.update_proxy': updateProxyCommand,
  'payments.remove_proxy': removeProxyCommand,
  'payments.lookup': lookupProxyCommand,
  'payments.approve_salary_payer': approveSalaryPayerCommand,
  'payments.revoke_salary_payer': revokeSalaryPayerCommand,
  'payments.quote': quotePaymentCommand,
  'payments.submit': submitPaymentCommand,
  'payments.confirm_credit': confirmCredit,
  'payments.recall': recallPaymentCommand,
  'payments.return': returnPaymentCommand,
  'payments.expire': expirePaymentCommand,
  'payments.refuse_return': refuseReturnCommand,
} as const;
