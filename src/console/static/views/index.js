// The console's views, in the order they are laid out. Adding a view is one module in this folder
// (see docs/console.md) and one line here.
import balances from './balances.js';
import book from './book.js';
import chart from './chart.js';
import events from './events.js';
import instruments from './instruments.js';
import quotas from './quotas.js';
import settlement from './settlement.js';
import surveillance from './surveillance.js';
import ticket from './ticket.js';

export const VIEWS = [
  instruments,
  quotas,
  book,
  chart,
  ticket,
  settlement,
  balances,
  surveillance,
  events,
];
