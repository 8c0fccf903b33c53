/**
 * Risk over the API (docs/risk.md "Over the API"): the risk core run on the hub's current state.
 * The inputs come from the hub (`riskInputs`), the return history from a `ReturnHistorySource`
 * (the demo's simulated one; none otherwise, and then margin cannot be computed). Every figure
 * records the hub's `seq` and state digest it was computed on: a stress run is a pure function of
 * a state and its scenarios, so the same seq and digest give the same figures.
 * @module
 */

import {
  digestHubState,
  type HubState,
  type LinkHoldingsRow,
  linkHoldings,
  type PaymentLimitSetting,
  paymentLimits,
  riskInputs,
} from '../../hub/index.js';
import { accept, type Outcome, reject } from '../../kernel/index.js';
import {
  BUILTIN_SCENARIOS,
  CCPS,
  type CcpDefaultFund,
  type CcpId,
  compileScenarios,
  DEFAULT_MARGIN_SETTINGS,
  defaultFund,
  type EffectsReport,
  initialMargin,
  LIQUIDITY_DAYS_MAX,
  type LiquiditySummaryRow,
  type LiquidResourceRow,
  limitEffects,
  liquidityStress,
  liquiditySummary,
  type MarginReport,
  type MarginSettings,
  type ObligationRow,
  type Portfolio,
  type ReturnHistory,
  riskPortfolio,
  runStress,
  type Scenario,
  type ScenarioMatrix,
  type StressResult,
  type StressSummary,
  selectScenarios,
  simulateDefault,
  stressSummary,
  type VariationMarginReport,
  validateScenarios,
  variationMargin,
  type WaterfallResult,
} from '../../oversight/risk/index.js';
import type { ReturnHistorySource } from '../../sim/demo_risk_history.js';

/** Stress runs kept in memory; the oldest is dropped past this. */
export const STRESS_RUNS_KEPT = 20;

export interface StateStamp {
  readonly seq: number;
  readonly digest: string;
  readonly now_us: number;
}

/** One state's portfolio, built once per seq. */
interface Prepared {
  readonly stamp: StateStamp;
  readonly portfolio: Portfolio;
  readonly previous_price_minor: readonly bigint[];
  readonly unpriced: readonly string[];
  readonly fx_source: string;
  readonly obligations: readonly ObligationRow[];
  readonly resources: readonly LiquidResourceRow[];
  readonly unsettled_instructions: number;
  readonly links: readonly LinkHoldingsRow[];
  readonly limits: readonly PaymentLimitSetting[];
}

/** What a stress run reads beyond losses: the liquidity stress's cover, horizon and extra lines. */
export interface LiquidityOptions {
  readonly cover: 1 | 2;
  /** Settlement days looked at; default: up to the last pay-in's day (at least 1). */
  readonly days?: number;
  /** Committed lines the CCPs have beyond their cash on the ledger (none is recorded in the hub). */
  readonly committed_lines: readonly { ccp: CcpId; currency: string; amount_minor: bigint }[];
}

export const DEFAULT_LIQUIDITY_OPTIONS: LiquidityOptions = { cover: 2, committed_lines: [] };

export interface StressRunRecord {
  readonly id: string;
  readonly stamp: StateStamp;
  readonly scenarios: readonly Scenario[];
  readonly history: string;
  readonly summary: StressSummary;
  readonly text: readonly string[];
  readonly unsettled_instructions: number;
  /** Cover 1 and Cover 2 per CCP on the run's own scenarios (the default fund route uses all eight). */
  readonly funds: readonly CcpDefaultFund[];
  readonly liquidity: {
    readonly cover: 1 | 2;
    readonly days: number;
    readonly rows: readonly LiquiditySummaryRow[];
  };
  readonly effects: EffectsReport;
}

interface Computed {
  readonly prepared: Prepared;
  readonly matrix: ScenarioMatrix;
  readonly stress: StressResult;
  readonly funds: readonly CcpDefaultFund[];
}

export class RiskService {
  private prepared: Prepared | null = null;
  private readonly runs = new Map<string, StressRunRecord>();
  private next_run = 1;

  constructor(readonly history: ReturnHistorySource | null) {}

  /** The portfolio of the hub's current state (built again only when the seq moved). */
  prepare(state: HubState): Outcome<Prepared> {
    if (this.prepared?.stamp.seq === state.seq) return accept(this.prepared);
    const inputs = riskInputs(state, { unsettled: true });
    const built = riskPortfolio(inputs.portfolio);
    if (!built.ok) return built;
    this.prepared = {
      stamp: { seq: state.seq, digest: digestHubState(state), now_us: state.now_us },
      portfolio: built.value,
      previous_price_minor: inputs.prices.map((p) => p.previous_price_minor),
      unpriced: inputs.unpriced,
      fx_source: inputs.fx_source,
      obligations: inputs.obligations,
      resources: inputs.resources,
      unsettled_instructions: inputs.unsettled_instructions,
      links: linkHoldings(state),
      limits: paymentLimits(state),
    };
    return accept(this.prepared);
  }

  returnHistory(portfolio: Portfolio): Outcome<ReturnHistory> {
    const instruments = portfolio.instrument_ids.map((id, i) => ({
      id,
      market: portfolio.instrument_market[i] as Portfolio['instrument_market'][number],
      kind: KIND_OF[portfolio.instrument_kind[i] as number] ?? 'equity',
    }));
    const data = this.history?.historyFor(instruments, portfolio.fx.currencies) ?? null;
    if (data === null) {
      return reject(
        'RISK_HISTORY_UNAVAILABLE',
        'This server has no return history, so initial margin cannot be computed (the demo has a simulated one)',
        {},
      );
    }
    return accept(data);
  }

  margin(
    state: HubState,
    settings: MarginSettings,
  ): Outcome<{ prepared: Prepared; im: MarginReport; vm: VariationMarginReport }> {
    const prepared = this.prepare(state);
    if (!prepared.ok) return prepared;
    const history = this.returnHistory(prepared.value.portfolio);
    if (!history.ok) return history;
    const im = initialMargin(prepared.value.portfolio, history.value, settings);
    if (!im.ok) return im;
    const vm = variationMargin(prepared.value.portfolio, prepared.value.previous_price_minor);
    if (!vm.ok) return vm;
    return accept({ prepared: prepared.value, im: im.value, vm: vm.value });
  }

  /** A stress run of `scenarios` with each member's IM at the default settings (member level). */
  stress(state: HubState, scenarios: readonly Scenario[]): Outcome<Computed> {
    const margin = this.margin(state, { ...DEFAULT_MARGIN_SETTINGS, level: 'member' });
    if (!margin.ok) return margin;
    const { portfolio } = margin.value.prepared;
    const matrix = compileScenarios(portfolio, scenarios);
    if (!matrix.ok) return matrix;
    const stress = runStress(portfolio, matrix.value, margin.value.im.member_initial_margin_minor);
    if (!stress.ok) return stress;
    const funds = defaultFund(portfolio, stress.value);
    if (!funds.ok) return funds;
    return accept({
      prepared: margin.value.prepared,
      matrix: matrix.value,
      stress: stress.value,
      funds: funds.value,
    });
  }

  /** The default fund: Cover 1, Cover 2 and contributions over every built-in scenario. */
  defaultFunds(state: HubState): Outcome<Computed> {
    return this.stress(state, BUILTIN_SCENARIOS);
  }

  /** The scenarios of a request: built-in ones by id, then the caller's own, all checked. */
  scenariosOf(ids: readonly string[], custom: readonly unknown[]): Outcome<readonly Scenario[]> {
    const builtin = selectScenarios(ids);
    if (!builtin.ok) return builtin;
    const all = [...builtin.value, ...(custom as Scenario[])];
    if (all.length === 0) return reject('RISK_SCENARIOS_EMPTY', 'Name at least one scenario', {});
    return validateScenarios(all);
  }

  runStressTest(
    state: HubState,
    scenarios: readonly Scenario[],
    options: LiquidityOptions = DEFAULT_LIQUIDITY_OPTIONS,
  ): Outcome<StressRunRecord> {
    const computed = this.stress(state, scenarios);
    if (!computed.ok) return computed;
    const { prepared, matrix } = computed.value;
    const liquidity = liquidityOf(prepared, matrix, options);
    if (!liquidity.ok) return liquidity;
    const effects = limitEffects(prepared.portfolio, matrix, scenarios, {
      links: prepared.links.map((link) => ({
        ...link,
        holdings: link.holdings.flatMap(({ isin, quantity }) => {
          const instrument = prepared.portfolio.instrument_index.get(isin);
          return instrument === undefined ? [] : [{ instrument, quantity }];
        }),
      })),
      limits: prepared.limits,
    });
    if (!effects.ok) return effects;
    const summary = stressSummary(prepared.portfolio, computed.value.stress);
    const record: StressRunRecord = {
      id: `stress-${this.next_run}`,
      stamp: prepared.stamp,
      scenarios,
      history: this.history?.label ?? '',
      summary,
      text: [...supervisorText(summary, scenarios), ...liquidityText(liquidity.value.rows)],
      unsettled_instructions: prepared.unsettled_instructions,
      funds: computed.value.funds,
      liquidity: liquidity.value,
      effects: effects.value,
    };
    this.next_run += 1;
    this.runs.set(record.id, record);
    if (this.runs.size > STRESS_RUNS_KEPT) {
      const oldest = this.runs.keys().next().value as string;
      this.runs.delete(oldest);
    }
    return accept(record);
  }

  run(id: string): StressRunRecord | undefined {
    return this.runs.get(id);
  }

  /** Newest first. */
  listRuns(): StressRunRecord[] {
    return [...this.runs.values()].reverse();
  }

  /** The waterfall of a chosen default in one scenario, against the fund sized on the built-ins. */
  simulate(
    state: HubState,
    request: {
      ccp: CcpId;
      defaulters: readonly string[];
      scenario: Scenario;
      skin_in_the_game_minor: bigint;
    },
  ): Outcome<{ computed: Computed; waterfall: WaterfallResult }> {
    const others = BUILTIN_SCENARIOS.filter((s) => s.id !== request.scenario.id);
    const scenarios = validateScenarios([...others, request.scenario]);
    if (!scenarios.ok) return scenarios;
    const computed = this.stress(state, scenarios.value);
    if (!computed.ok) return computed;
    const result = simulateDefault(
      computed.value.prepared.portfolio,
      computed.value.stress,
      computed.value.funds,
      {
        ccp: request.ccp,
        participants: request.defaulters,
        scenario: request.scenario.id,
        skin_in_the_game_minor: request.skin_in_the_game_minor,
      },
    );
    if (!result.ok) return result;
    return accept({ computed: computed.value, waterfall: result.value });
  }
}

const KIND_OF = ['equity', 'bond', 'cash', 'repo'] as const;

/** The liquidity stress of a run: the hub's pay-ins and CCP cash, plus the request's lines. */
function liquidityOf(
  prepared: Prepared,
  matrix: ScenarioMatrix,
  options: LiquidityOptions,
): Outcome<StressRunRecord['liquidity']> {
  const last_day = prepared.obligations.reduce((d, o) => Math.max(d, o.day), 0);
  const days = options.days ?? Math.min(LIQUIDITY_DAYS_MAX, last_day + 1);
  const lines = options.committed_lines.map(
    (line): LiquidResourceRow => ({ ...line, kind: 'committed_line' }) as LiquidResourceRow,
  );
  const report = liquidityStress(prepared.portfolio, matrix, {
    obligations: prepared.obligations.filter((o) => o.day < days),
    resources: [...prepared.resources, ...lines],
    days,
    cover: options.cover,
  });
  if (!report.ok) return report;
  return accept({ cover: options.cover, days, rows: liquiditySummary(report.value) });
}

/** One sentence per CCP and currency short of liquidity in its worst scenario. */
function liquidityText(rows: readonly LiquiditySummaryRow[]): string[] {
  const worst = new Map<string, LiquiditySummaryRow>();
  for (const row of rows) {
    const key = `${row.ccp}:${row.currency}`;
    const seen = worst.get(key);
    if (
      row.shortfall_minor > 0n &&
      (seen === undefined || row.shortfall_minor > seen.shortfall_minor)
    )
      worst.set(key, row);
  }
  if (rows.length > 0 && worst.size === 0)
    return [
      'Every CCP can meet the pay-ins of its largest defaulting groups with the liquid resources it has.',
    ];
  return [...worst.values()].map(
    (row) =>
      `${CCP_NAMES[row.ccp]} is short of ${row.currency} liquidity by ${minorText(row.currency, row.shortfall_minor)} if ${row.groups.join(' and ')} fail to pay in (worst scenario: ${row.scenario}; first short on day ${row.first_short_day}).`,
  );
}

function minorText(currency: string, minor: bigint): string {
  return hkd(minor).replace('HKD', currency);
}

/** HKD cents as `HKD 1,234.56`. */
export function hkd(minor: bigint): string {
  const sign = minor < 0n ? '−' : '';
  const abs = minor < 0n ? -minor : minor;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}HKD ${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A few sentences a supervisor reads first: per CCP the worst scenario, then the worst members. */
function supervisorText(summary: StressSummary, scenarios: readonly Scenario[]): string[] {
  const name = (id: string) => scenarios.find((s) => s.id === id)?.name ?? id;
  const lines: string[] = [];
  for (const ccp of CCPS) {
    let worst: StressSummary['by_scenario'][number] | undefined;
    for (const row of summary.by_scenario) {
      if (row.ccp === ccp && (worst === undefined || row.loss_minor > worst.loss_minor))
        worst = row;
    }
    if (worst === undefined) continue;
    lines.push(
      `${CCP_NAMES[ccp]}: the worst scenario is ${name(worst.scenario)}, a loss of ${hkd(worst.loss_minor)} across its members, of which ${hkd(worst.uncovered_minor)} is not covered by their margin.`,
    );
  }
  const short = summary.by_member
    .filter((m) => m.worst_uncovered_minor > 0n)
    .sort((a, b) => (b.worst_uncovered_minor > a.worst_uncovered_minor ? 1 : -1))
    .slice(0, 3);
  if (short.length === 0) lines.push('No member loses more than its margin in any scenario.');
  for (const m of short) {
    lines.push(
      `${m.participant} at ${CCP_NAMES[m.ccp]} is short of margin by up to ${hkd(m.worst_uncovered_minor)} (worst scenario: ${name(m.worst_scenario)}).`,
    );
  }
  return lines;
}

const CCP_NAMES: Record<CcpId, string> = { chinaclear: 'ChinaClear', hkscc: 'HKSCC' };
