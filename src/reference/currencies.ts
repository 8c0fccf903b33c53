/**
 * The currencies the engine settles in, with their ISO 4217 numeric codes and minor units.
 *
 * CNH is not an ISO 4217 code: it is the market's name for renminbi held and settled offshore
 * (in Hong Kong, through the RMB clearing bank). It is the same currency as CNY, so it carries
 * CNY's numeric code 156, but it settles in a different place and trades at its own FX rate, so
 * the ledger keeps it as a currency of its own.
 * @module
 */

export const CURRENCY_CODES = ['CNY', 'CNH', 'HKD', 'USD', 'EUR'] as const;

/** One of `CURRENCY_CODES`. */
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

/** A currency's reference data. */
export interface Currency {
  readonly code: CurrencyCode;
  readonly name: string;
  /** ISO 4217 numeric code, three digits as text (leading zeros matter in ISO 4217). */
  readonly numeric_code: string;
  /** Decimal places of the minor unit: an amount in minor units is `amount × 10^-minor_units`. */
  readonly minor_units: number;
  /** False for CNH, a market convention rather than an ISO 4217 code. */
  readonly iso_4217: boolean;
  /** For an offshore currency, the onshore currency it is a form of (CNH → CNY). */
  readonly offshore_of?: CurrencyCode;
}

const CURRENCIES: ReadonlyMap<CurrencyCode, Currency> = new Map(
  (
    [
      {
        code: 'CNY',
        name: 'Renminbi (onshore)',
        numeric_code: '156',
        minor_units: 2,
        iso_4217: true,
      },
      {
        code: 'CNH',
        name: 'Renminbi (offshore)',
        numeric_code: '156',
        minor_units: 2,
        iso_4217: false,
        offshore_of: 'CNY',
      },
      {
        code: 'HKD',
        name: 'Hong Kong dollar',
        numeric_code: '344',
        minor_units: 2,
        iso_4217: true,
      },
      { code: 'USD', name: 'US dollar', numeric_code: '840', minor_units: 2, iso_4217: true },
      { code: 'EUR', name: 'Euro', numeric_code: '978', minor_units: 2, iso_4217: true },
    ] as const satisfies readonly Currency[]
  ).map((entry) => [entry.code, Object.freeze(entry)]),
);

/** Whether `code` is one of the engine's currency codes. */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && CURRENCIES.has(code as CurrencyCode);
}

/** The currency with this code, or `undefined` for a code the engine does not settle in. */
export function currency(code: string): Currency | undefined {
  return isCurrencyCode(code) ? CURRENCIES.get(code) : undefined;
}

/** All currencies in a fixed order (CNY, CNH, HKD, USD, EUR). */
export function allCurrencies(): readonly Currency[] {
  return [...CURRENCIES.values()];
}
