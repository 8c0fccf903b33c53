// Events as a person reads them: instruments by symbol, prices in the market's units, amounts in
// the asset's currency units, hidden counterparties said to be hidden. Never raw JSON: an event
// type the console does not know is shown as its name and its plain fields.
import { pxText } from './bonds.js';
import { minorText, quantityText, unitsText } from './format.js';

/**
 * `lookup` gives `instrument(id)` (symbol, price_scale) and `assetScale(asset)` (decimal places of
 * an amount, undefined when unknown).
 */
export function describeEvent(e, lookup) {
  const inst = e.instrument ? lookup.instrument(e.instrument) : undefined;
  const symbol = inst?.symbol ?? e.instrument ?? '';
  const price = (units) => (inst ? unitsText(units, inst.price_scale) : `${units} (price units)`);
  const describe = DESCRIBERS[e.type];
  if (describe) return describe(e, { symbol, price, lookup });
  return genericText(e);
}

const DESCRIBERS = {
  rfq_requested: (e) =>
    `RFQ ${e.request.quote_req_id}: ${e.request.requester} ${e.request.side}s ${minorText(e.request.order_qty_minor, 2)} face of ${e.request.security_id} from ${e.request.dealers.join(', ')}, settling ${e.settlement_date}`,
  rfq_quote: (e) =>
    `RFQ ${e.quote.quote_req_id}: ${e.quote.dealer} quotes ${pxText(e.quote.px_e8)} (${e.quote.quote_id})`,
  rfq_status: (e) =>
    `RFQ ${e.report.quote_req_id} ${e.report.rfq_status}${e.report.quote_id ? `; quote ${e.report.quote_id} of ${e.report.dealer} ${String(e.report.quote_state).replaceAll('_', ' ')}` : ''}`,
  bond_trade: (e) =>
    `${e.trade.buyer} buys ${minorText(e.trade.quantity_minor, 2)} face of ${e.trade.security_id} from ${e.trade.seller} @ ${pxText(e.trade.px_e8)}: ${minorText(e.trade.settlement_amount_minor, 2)} ${e.trade.currency} on ${e.trade.settlement_date}`,
  bond_coupon_paid: (e) =>
    `coupon of ${e.isin} for ${e.coupon_date} paid: ${minorText(e.total_minor, 2)} to ${quantityText(e.holders)} holders`,
  order_accepted: (e, x) =>
    `${e.participant} ${e.side} ${quantityText(e.quantity_units)} ${x.symbol} @ ${x.price(e.price_units)} for ${e.owner} (${routeName(e.route)})`,
  order_held: (e, x) =>
    `${e.participant} ${e.side} ${quantityText(e.quantity_units)} ${x.symbol} @ ${x.price(e.price_units)} for ${e.owner}: held until the home market opens`,
  order_rejected: (e) => `#${e.order_id} refused when released: ${e.code} ${e.message}`,
  order_rested: (e, x) =>
    `#${e.order_id} rests ${quantityText(e.remaining_units)} ${x.symbol} @ ${x.price(e.price_units)}`,
  order_cancelled: (e, x) =>
    `#${e.order_id} ${x.symbol}: ${quantityText(e.cancelled_units)} cancelled (${String(e.reason).replaceAll('_', ' ')})`,
  order_replaced: (e, x) =>
    `#${e.order_id} ${x.symbol} now ${quantityText(e.new_remaining_units)} @ ${x.price(e.new_price_units)}`,
  trade: (e, x) =>
    `${quantityText(e.quantity_units)} ${x.symbol} @ ${x.price(e.price_units)}: ${tradeSides(e)}`,
  phase_changed: (e, x) => `${x.symbol} ${phaseName(e.previous_phase)} → ${phaseName(e.phase)}`,
  auction_indicative: (e, x) =>
    `${x.symbol} ${e.final ? 'auction price' : 'indicative'} ${x.price(e.price_units)}, ${quantityText(e.volume_units)} matchable, imbalance ${quantityText(e.imbalance_units)}`,
  closing_price_set: (e, x) =>
    `${x.symbol} closes at ${x.price(e.close_price_units)} on ${e.date} (${String(e.method).replaceAll('_', ' ')})`,
  transfer_created: (e, x) => transferText(e.transfer, x.lookup),
  transfer_batch_created: (e, x) => batchText(e.batch, x.lookup),
  hold_expired: (e, x) => `hold ${e.hold_id} expired`,
  account_created: (e) =>
    `account ${e.account.id} opened (${e.account.purpose}${e.account.omnibus ? ', omnibus' : ''})`,
  account_frozen: (e) => `account ${e.account_id} frozen: ${e.reason}`,
  account_unfrozen: (e) => `account ${e.account_id} unfrozen: ${e.reason}`,
  party_registered: (e) => `${e.party.id} registered: ${e.party.name}`,
  investor_registered: (e) =>
    `investor ${e.investor.id} (${e.investor.type}) of ${e.investor.broker}`,
  cash_asset_registered: (e) => `cash asset ${e.cash_asset.id} (${e.cash_asset.currency})`,
  security_registered: (e) =>
    `${e.security.symbol} ${e.security.name} listed on ${e.security.market}`,
  security_updated: (e) => `${e.security.symbol} reference data updated`,
  connect_day_started: (e) =>
    `Connect day ${e.report.date} opens${e.report.connect_day ? '' : ' (no Connect trading)'}`,
  connect_day_ended: (e) =>
    `Connect day ${e.report.date} ends: ${quantityText(e.report.expired_orders)} orders expired`,
  connect_rules_changed: (e) =>
    `Connect rules: ${String(e.command)
      .replace(/^rules\./, '')
      .replaceAll('_', ' ')}`,
  instruction_captured: (e) =>
    `instruction ${e.instruction_id} for trade ${e.trade_id} (${e.group}): securities ${e.securities_date}, cash ${e.cash_date}`,
  instruction_status: (e) =>
    `instruction ${e.instruction_id} ${e.status}${e.reason ? `: ${String(e.reason).replaceAll('_', ' ')}` : ''}`,
  cycle_completed: (e) =>
    `settlement cycle ${e.cycle_id} (${e.group}, ${e.settlement_date}): ${quantityText(e.settled)} settled, ${quantityText(e.failed)} failed`,
  settlement_cycle_refused: (e) =>
    `settlement cycle refused: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
  settlement_capture_failed: (e) =>
    `trade not captured for settlement: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
  buy_ins_due: (e) => `${e.instruction_ids.length} buy-ins due in ${e.group} on ${e.date}`,
  buy_in_executed: (e) =>
    `buy-in of instruction ${e.instruction_id} by ${e.agent}: ${quantityText(e.quantity_units)} units`,
  penalty_accrued: (e) =>
    `late-settlement penalty on ${e.instruction_id} for ${e.failing_party} (${e.date})`,
  reserve_fund_paid: (e) => `reserve fund paid ${e.beneficiary} for ${e.instruction_id}`,
};

/** Both sides for whoever sees both; otherwise one's own side and the other said to be hidden. */
function tradeSides(e) {
  const side = (participant, owner) =>
    participant === undefined && owner === undefined
      ? 'counterparty not shown'
      : `${participant ?? '?'}/${owner ?? '?'}`;
  return `${side(e.buyer_participant, e.buyer)} bought from ${side(e.seller_participant, e.seller)}`;
}

function transferText(t, lookup) {
  const scale = lookup.assetScale(t.asset);
  const amount =
    scale === undefined ? `${t.amount_minor} minor units` : minorText(t.amount_minor, scale);
  const code = t.code ? ` (${t.code.replaceAll('_', ' ')})` : '';
  return `${t.action} ${amount} ${t.asset}: ${t.debit_account_id} → ${t.credit_account_id}${code}`;
}

function batchText(batch, lookup) {
  const transfers = batch.transfers ?? [];
  const first = transfers[0];
  const more = transfers.length > 1 ? ` and ${transfers.length - 1} more` : '';
  return `batch ${batch.id}: ${first ? transferText(first, lookup) : 'no transfers'}${more}`;
}

const ROUTE_NAMES = {
  domestic: 'home market',
  northbound: 'Northbound',
  southbound: 'Southbound',
  vatp_local: 'shared book, local',
  vatp_affiliate: 'shared book, affiliate',
};

function routeName(route) {
  return ROUTE_NAMES[route] ?? route ?? '';
}

function phaseName(phase) {
  return String(phase ?? '').replaceAll('_', ' ');
}

/** An unknown event: its name and its plain (string, number, boolean) fields. */
export function genericText(e) {
  const fields = Object.entries(e)
    .filter(
      ([k, v]) => k !== 'type' && v !== null && ['string', 'number', 'boolean'].includes(typeof v),
    )
    .slice(0, 6)
    .map(([k, v]) => `${k.replaceAll('_', ' ')} ${v}`);
  return `${String(e.type).replaceAll('_', ' ')}${fields.length ? `: ${fields.join(', ')}` : ''}`;
}
