// Order ticket and live orders. Orders are placed by a broker (a participant) for itself or one of
// its clients: a participant's console places its own; an operator's console places them as the
// broker chosen in "Broker" (with that broker's key, which only the demo hands out). The
// instruments offered are those the chosen client may trade (GET /v1/tradable), with the BCAN a
// Northbound order must carry and the venue of entry a shared book needs. Data: GET
// /v1/reference/parties, /v1/reference/investors, /v1/tradable; POST /v1/orders; GET /v1/orders
// (reloaded when the stream's `orders` channel says they changed); DELETE /v1/orders/{id}.
import { request } from '../api.js';
import { escapeHtml, quantityText, textUnits, unitsText } from '../format.js';

const $ = (id) => document.getElementById(id);

const ROUTE_NAMES = {
  domestic: 'home market',
  northbound: 'Northbound',
  southbound: 'Southbound',
  vatp_local: 'shared book, local platform',
  vatp_affiliate: 'shared book, overseas affiliate',
};

/** The ticket's own state; `app.state` is the console's (instruments, selection, keys). */
function createTicket(app) {
  const ticket = {
    broker: null,
    brokers: [],
    clients: [],
    tradable: new Map(),
    counter: 0,
  };

  const keyOf = (participant) => app.state.keys.find((k) => k.participant === participant)?.key;

  /** Who may place orders from this console: the participant acted as, or brokers (operator). */
  async function setActing(who) {
    if (!who.operator) {
      ticket.brokers = [who.participant];
    } else {
      const parties = await request(app.state.key, 'GET', '/v1/reference/parties');
      const brokers = (parties.body?.parties ?? [])
        .filter((p) => p.roles.includes('broker'))
        .map((p) => p.id);
      ticket.brokers = brokers.filter((b) => keyOf(b) !== undefined);
    }
    $('ticket-broker').innerHTML = ticket.brokers
      .map((b) => `<option value="${escapeHtml(b)}">${escapeHtml(b)}</option>`)
      .join('');
    $('ticket-broker-row').hidden = !who.operator || ticket.brokers.length === 0;
    $('ticket-operator-note').hidden = !who.operator;
    $('ticket-operator-note').textContent =
      ticket.brokers.length === 0
        ? 'Orders are placed by participants (brokers). This key is an operator’s: it may watch, not trade.'
        : 'Orders are placed by participants: as operator you place them as the broker chosen here, with its key.';
    $('ticket-fields').disabled = ticket.brokers.length === 0;
    await setBroker(ticket.brokers[0] ?? null);
  }

  async function setBroker(broker) {
    ticket.broker = broker;
    ticket.clients = [];
    if (broker !== null) {
      const investors = await request(keyOf(broker), 'GET', '/v1/reference/investors');
      ticket.clients = (investors.body?.investors ?? []).filter((i) => i.broker === broker);
    }
    const house =
      broker === null
        ? []
        : [`<option value="${escapeHtml(broker)}">${escapeHtml(broker)} (house)</option>`];
    $('ticket-owner').innerHTML = house
      .concat(
        ticket.clients.map(
          (c) =>
            `<option value="${escapeHtml(c.id)}">${escapeHtml(c.id)} (${escapeHtml(c.type)})</option>`,
        ),
      )
      .join('');
    if (ticket.clients.length > 0) $('ticket-owner').value = ticket.clients[0].id;
    await setClient();
  }

  async function setClient() {
    ticket.tradable = new Map();
    $('ticket-result').className = 'result';
    $('ticket-result').textContent = '';
    const owner = $('ticket-owner').value;
    if (ticket.broker !== null && owner) {
      const r = await request(
        keyOf(ticket.broker),
        'GET',
        `/v1/tradable?client=${encodeURIComponent(owner)}`,
      );
      for (const t of r.body?.instruments ?? []) ticket.tradable.set(t.instrument, t);
    }
    fillInstruments();
    instrumentChanged();
  }

  /** The instruments the client may buy or sell, in the watchlist's order. */
  function fillInstruments() {
    const offered = app.state.order.filter((id) => {
      const t = ticket.tradable.get(id);
      return t && (t.buy.allowed || t.sell.allowed);
    });
    $('ticket-instrument').innerHTML = offered
      .map((id) => {
        const i = app.state.instruments.get(id);
        return `<option value="${escapeHtml(id)}">${escapeHtml(i.symbol)} ${escapeHtml(i.name)}</option>`;
      })
      .join('');
    if (offered.includes(app.state.selected)) $('ticket-instrument').value = app.state.selected;
  }

  /** The chart and book show another instrument: the ticket follows when the client may trade it. */
  function followSelection(id) {
    const t = ticket.tradable.get(id);
    if (ticket.tradable.size === 0) return;
    if (t && (t.buy.allowed || t.sell.allowed)) {
      $('ticket-instrument').value = id;
      instrumentChanged();
    } else {
      const i = app.state.instruments.get(id);
      const reason = t ? (t.buy.message ?? t.sell.message) : 'no route';
      app.showResult(
        false,
        `${i?.symbol ?? id} is not offered for ${$('ticket-owner').value}: ${reason}`,
      );
    }
  }

  function instrumentChanged() {
    const id = $('ticket-instrument').value;
    const i = app.state.instruments.get(id);
    const t = ticket.tradable.get(id);
    $('ticket-bcan-row').hidden = t?.route !== 'northbound';
    $('ticket-bcan').value = t?.bcan ?? '';
    $('ticket-venue-row').hidden = !(t?.venues?.length > 0);
    $('ticket-venue').innerHTML = (t?.venues ?? [])
      .map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)
      .join('');
    $('ticket-route').textContent = t ? routeText(t) : '';
    $('ticket-submit').disabled = !i;
    if (!i) return;
    $('ticket-qty').value = String(i.lot_size);
    const depth = app.state.depth.get(id);
    const reference = depth?.bids?.[0]?.[0] ?? i.last ?? i.previous_close_units;
    $('ticket-price').value = reference ? unitsText(reference, i.price_scale) : '';
  }

  async function place(event) {
    event.preventDefault();
    const id = $('ticket-instrument').value;
    const i = app.state.instruments.get(id);
    const t = ticket.tradable.get(id);
    if (!i || !t) return app.showResult(false, 'Choose an instrument the client may trade');
    const price_units = textUnits($('ticket-price').value, i.price_scale);
    const quantity_units = Number($('ticket-qty').value.replace(/,/g, ''));
    if (price_units === null)
      return app.showResult(false, `Price: a number with at most ${i.price_scale} decimals`);
    ticket.counter += 1;
    const body = {
      client_order_id: `web-${Date.now().toString(36)}-${ticket.counter}`,
      instrument: i.id,
      side: document.querySelector('input[name=side]:checked').value,
      order_type: 'limit',
      time_in_force: $('ticket-tif').value,
      price_units,
      quantity_units,
      owner: $('ticket-owner').value,
      ...(t.route === 'northbound' && t.bcan ? { bcan: t.bcan } : {}),
      ...(t.venues.length > 0 ? { venue: $('ticket-venue').value } : {}),
    };
    $('ticket-result').textContent = 'sending…';
    const r = await request(keyOf(ticket.broker), 'POST', '/v1/orders', body);
    app.showResult(r.status === 200, resultText(r));
    app.ordersChanged();
  }

  function wire() {
    $('ticket-broker').addEventListener('change', (e) => setBroker(e.target.value));
    $('ticket-owner').addEventListener('change', () => setClient());
    $('ticket-instrument').addEventListener('change', () => instrumentChanged());
    $('ticket').addEventListener('submit', place);
  }

  /** Cancels with the key that may: the order's own broker when the operator placed it. */
  function cancelKey(order) {
    return keyOf(order.participant) ?? app.state.key;
  }

  return { setActing, followSelection, instrumentsLoaded: fillInstruments, wire, cancelKey };
}

function routeText(t) {
  const route = ROUTE_NAMES[t.route] ?? t.route;
  const sides = [
    t.buy.allowed ? null : `no buys: ${t.buy.message}`,
    t.sell.allowed ? null : `no sells: ${t.sell.message}`,
  ]
    .filter((x) => x !== null)
    .join('; ');
  return `Route: ${route}${t.link ? ` (${t.link.replace('_', ' ')})` : ''}${sides ? ` · ${sides}` : ''}`;
}

function resultText(r) {
  if (r.status === 200) {
    const filled = r.body.events
      .filter((e) => e.type === 'trade')
      .reduce((n, e) => n + e.quantity_units, 0);
    return `Accepted: order #${r.body.order_id} (seq ${r.body.seq})${filled > 0 ? `, ${quantityText(filled)} filled` : ''}`;
  }
  const error = r.body?.error ?? { code: `HTTP ${r.status}`, message: '' };
  const detail = error.problems
    ? error.problems.map((p) => `${p.field}: ${p.message}`).join('; ')
    : error.message;
  return `Rejected ${error.code}: ${detail}`;
}

// ---- the view: the ticket's form, the result line, the live orders ----

const FORM = `<div class="ticket-body"><form id="ticket" autocomplete="off">
  <p id="ticket-operator-note" class="note" hidden></p>
  <fieldset id="ticket-fields">
  <label id="ticket-broker-row" hidden>Broker <select id="ticket-broker"></select></label>
  <label>For <select id="ticket-owner"></select></label>
  <div class="sides">
    <label><input type="radio" name="side" value="buy" id="ticket-side-buy" checked> Buy</label>
    <label><input type="radio" name="side" value="sell" id="ticket-side-sell"> Sell</label>
  </div>
  <label>Instrument <select id="ticket-instrument"></select></label>
  <div id="ticket-route" class="note"></div>
  <label id="ticket-bcan-row" hidden>BCAN <input id="ticket-bcan" readonly title="The client's Broker-to-Client Assigned Number, from the broker's mapping"></label>
  <label id="ticket-venue-row" hidden>Venue <select id="ticket-venue" title="The platform the order enters the shared book through"></select></label>
  <label>Price <input id="ticket-price" inputmode="decimal" required></label>
  <label>Quantity <input id="ticket-qty" inputmode="numeric" required></label>
  <label>Time in force
    <select id="ticket-tif"><option value="day">Day</option><option value="gtc">GTC</option><option value="ioc">IOC</option><option value="fok">FOK</option></select>
  </label>
  <button type="submit" id="ticket-submit">Place order</button>
  </fieldset>
  <div id="ticket-result" class="result" role="status"></div>
</form>
<div><h3>Live orders <span id="orders-scope" class="muted"></span></h3>
<div class="scroll orders-wrap"><table class="orders"><tbody id="my-orders"></tbody></table></div></div></div>`;

let ticket = null;
let orders = [];
let orders_timer = null;
let context = null;

function showResult(ok, text) {
  const result = $('ticket-result');
  result.className = `result ${ok ? 'ok' : 'bad'}`;
  result.textContent = text;
}

async function loadOrders() {
  const r = await context.request('GET', '/v1/orders?limit=200');
  if (r.status === 200) {
    orders = r.body.orders;
    context.mark('ticket');
  }
}

function scheduleOrders() {
  if (orders_timer !== null) return;
  orders_timer = setTimeout(() => {
    orders_timer = null;
    loadOrders();
  }, 250);
}

async function cancelOrder(order_id) {
  const order = orders.find((o) => String(o.order_id) === String(order_id));
  const key = order ? ticket.cancelKey(order) : context.state.key;
  const r = await request(key, 'DELETE', `/v1/orders/${order_id}`);
  showResult(
    r.status === 200,
    r.status === 200 ? `Cancelled order #${order_id}` : `Cancel refused: ${r.body?.error?.code}`,
  );
  loadOrders();
}

export default {
  id: 'ticket',
  title: 'Order ticket',
  place: 'aside',
  watch: ['acting'],

  mount(el, ctx) {
    context = ctx;
    el.insertAdjacentHTML('beforeend', FORM);
    ticket = createTicket({ state: ctx.state, showResult, ordersChanged: () => loadOrders() });
    ticket.wire();
    el.querySelector('#my-orders').addEventListener('click', (e) => {
      const id = e.target.dataset?.cancel;
      if (id) cancelOrder(id);
    });
  },

  reset() {
    orders = [];
    context.mark('ticket');
  },

  async acting(who) {
    loadOrders();
    await ticket.setActing(who);
  },

  selected(id) {
    ticket.followSelection(id);
  },

  onFrame(f) {
    if (f.channel === 'orders') scheduleOrders();
  },

  /** A price from the ladder (integer units of the selected instrument). */
  setPrice(units) {
    const i = context.state.instruments.get(context.state.selected);
    if (i) $('ticket-price').value = unitsText(units, i.price_scale);
  },

  update(state) {
    const rows = orders.slice(0, 100).map((o) => {
      const i = state.instruments.get(o.instrument);
      return `<tr data-order="${o.order_id}"><td>${escapeHtml(i?.symbol ?? o.instrument)} ${o.side}</td><td>${quantityText(o.remaining_units)} @ ${i ? unitsText(o.price_units, i.price_scale) : o.price_units}</td><td><button type="button" data-cancel="${o.order_id}">Cancel</button></td></tr>`;
    });
    $('my-orders').innerHTML = rows.join('') || '<tr><td class="muted">No live orders</td></tr>';
    $('orders-scope').textContent =
      state.acting === 'operator' ? '(everyone’s)' : `(${state.acting} and its clients)`;
  },
};
