// The console's views, in the order they are laid out. Adding a view is one module in this folder
// (see docs/console.md) and one line here.
import balances from './balances.js';
import bond_curve from './bond_curve.js';
import bond_quota from './bond_quota.js';
import bond_rfqs from './bond_rfqs.js';
import bond_ticket from './bond_ticket.js';
import book from './book.js';
import chart from './chart.js';
import events from './events.js';
import financing from './financing.js';
import instruments from './instruments.js';
import payments from './payments.js';
import quotas from './quotas.js';
import risk from './risk.js';
import settlement from './settlement.js';
import surveillance from './surveillance.js';
import ticket from './ticket.js';

export const VIEWS = [
  instruments,
  quotas,
  bond_quota,
  book,
  chart,
  ticket,
  bond_rfqs,
  bond_ticket,
  bond_curve,
  financing,
  payments,
  settlement,
  balances,
  surveillance,
  risk,
  events,
];
