/**
 * The Hong Kong exchange calendar (SEHK, XHKG): closed on Hong Kong general holidays; half days
 * (morning session only) on the eves of Lunar New Year, Christmas and New Year when they fall
 * on a weekday.
 *
 * Since 23 Sep 2024 SEHK keeps trading through typhoon signal 8 and black rainstorms, so severe
 * weather no longer closes the market and is not part of the calendar.
 * @module
 */

import type { CalendarData } from './calendar.js';

/** SEHK's closed weekdays and half days by year, with sources and confidence. */
export const HONG_KONG_EXCHANGE_DATA: CalendarData = {
  id: 'hk_exchange',
  name: 'SEHK exchange calendar',
  years: [
    {
      year: 2025,
      closed: [
        { date: '2025-01-01', name: 'The first day of January' },
        { date: '2025-01-29', name: "Lunar New Year's Day" },
        { date: '2025-01-30', name: 'The second day of Lunar New Year' },
        { date: '2025-01-31', name: 'The third day of Lunar New Year' },
        { date: '2025-04-04', name: 'Ching Ming Festival' },
        { date: '2025-04-18', name: 'Good Friday' },
        { date: '2025-04-21', name: 'Easter Monday' },
        { date: '2025-05-01', name: 'Labour Day' },
        { date: '2025-05-05', name: 'The Birthday of the Buddha' },
        { date: '2025-07-01', name: 'HKSAR Establishment Day' },
        { date: '2025-10-01', name: 'National Day' },
        { date: '2025-10-07', name: 'The day following the Chinese Mid-Autumn Festival' },
        { date: '2025-10-29', name: 'Chung Yeung Festival' },
        { date: '2025-12-25', name: 'Christmas Day' },
        { date: '2025-12-26', name: 'The first weekday after Christmas Day' },
      ],
      half_days: [
        { date: '2025-01-28', name: "Lunar New Year's Eve" },
        { date: '2025-12-24', name: 'Christmas Eve' },
        { date: '2025-12-31', name: "New Year's Eve" },
      ],
      source:
        'HKSAR general holidays for 2025 (Government Gazette; GovHK "General holidays for 2025") and the HKEX 2025 trading calendar',
      confidence: 'high',
      note: 'Tuen Ng (31 May) and the day following Good Friday (19 Apr) fall on Saturdays',
    },
    {
      year: 2026,
      closed: [
        { date: '2026-01-01', name: 'The first day of January' },
        { date: '2026-02-17', name: "Lunar New Year's Day" },
        { date: '2026-02-18', name: 'The second day of Lunar New Year' },
        { date: '2026-02-19', name: 'The third day of Lunar New Year' },
        { date: '2026-04-03', name: 'Good Friday' },
        { date: '2026-04-06', name: 'The day following Ching Ming Festival' },
        { date: '2026-04-07', name: 'The day following Easter Monday' },
        { date: '2026-05-01', name: 'Labour Day' },
        { date: '2026-05-25', name: 'The day following the Birthday of the Buddha' },
        { date: '2026-06-19', name: 'Tuen Ng Festival' },
        { date: '2026-07-01', name: 'HKSAR Establishment Day' },
        { date: '2026-10-01', name: 'National Day' },
        { date: '2026-10-19', name: 'The day following Chung Yeung Festival' },
        { date: '2026-12-25', name: 'Christmas Day' },
      ],
      half_days: [
        { date: '2026-02-16', name: "Lunar New Year's Eve" },
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2026-12-31', name: "New Year's Eve" },
      ],
      source:
        'HKSAR general holidays for 2026 (Government Gazette, published 2025) as recalled, cross-checked against the General Holidays Ordinance rules (a holiday on a Sunday moves to the next free weekday) and the 2026 lunar dates; not checked against the HKEX 2026 trading calendar',
      confidence: 'medium',
      note: 'Ching Ming (5 Apr), the Birthday of the Buddha (24 May) and Chung Yeung (18 Oct) fall on Sundays; the Gazette names 6 Apr the day following Ching Ming Festival and 7 Apr the day following Easter Monday (Easter Monday itself is 6 Apr). The day following Mid-Autumn (26 Sep) and the first weekday after Christmas (26 Dec) are Saturdays',
    },
    {
      year: 2027,
      closed: [
        { date: '2027-01-01', name: 'The first day of January' },
        { date: '2027-02-08', name: 'The third day of Lunar New Year' },
        { date: '2027-02-09', name: 'The fourth day of Lunar New Year' },
        { date: '2027-03-26', name: 'Good Friday' },
        { date: '2027-03-29', name: 'Easter Monday' },
        { date: '2027-04-05', name: 'Ching Ming Festival' },
        { date: '2027-05-13', name: 'The Birthday of the Buddha' },
        { date: '2027-06-09', name: 'Tuen Ng Festival' },
        { date: '2027-07-01', name: 'HKSAR Establishment Day' },
        { date: '2027-09-16', name: 'The day following the Chinese Mid-Autumn Festival' },
        { date: '2027-10-01', name: 'National Day' },
        { date: '2027-10-08', name: 'Chung Yeung Festival' },
        { date: '2027-12-27', name: 'The first weekday after Christmas Day' },
      ],
      half_days: [
        { date: '2027-02-05', name: "Lunar New Year's Eve" },
        { date: '2027-12-24', name: 'Christmas Eve' },
        { date: '2027-12-31', name: "New Year's Eve" },
      ],
      source:
        "Derived, not copied: the General Holidays Ordinance (Cap. 149) list and its Sunday rule, Easter 2027 (28 Mar) and the 2027 lunar dates (new moons by Meeus's algorithm, UTC+8: months from 6 Feb, 6 May, 5 Jun, 1 Sep, 30 Sep). The HKSAR Gazette notice of general holidays for 2027 is not in ../shared/reference; check against it and the HKEX 2027 trading calendar",
      confidence: 'medium',
      note: "Lunar New Year's Day (6 Feb) is a Saturday and its second day a Sunday, so the fourth day (9 Feb) is a holiday. The day following Good Friday (27 Mar), Labour Day (1 May) and Christmas Day (25 Dec) fall on Saturdays and are not replaced",
    },
  ],
};
