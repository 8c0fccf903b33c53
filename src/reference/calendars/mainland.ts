/**
 * The Mainland exchange calendar, shared by SSE (XSHG) and SZSE (XSHE).
 *
 * The exchanges close on the public holidays of the State Council's yearly notice and never
 * trade on a weekend, including the weekend days the notice turns into working days (调休上班).
 * So the list below is the notice's holiday span minus Saturdays and Sundays. 2027 is
 * provisional (confidence low) until the notice is entered.
 * @module
 */

import type { CalendarData } from './calendar.js';

/** The Mainland exchanges' closed weekdays by year, with sources and confidence. */
export const MAINLAND_EXCHANGE_DATA: CalendarData = {
  id: 'cn_exchange',
  name: 'SSE/SZSE exchange calendar',
  years: [
    {
      year: 2025,
      closed: [
        { date: '2025-01-01', name: "New Year's Day (元旦)" },
        { date: '2025-01-28', name: 'Spring Festival (春节, from the Eve)' },
        { date: '2025-01-29', name: 'Spring Festival' },
        { date: '2025-01-30', name: 'Spring Festival' },
        { date: '2025-01-31', name: 'Spring Festival' },
        { date: '2025-02-03', name: 'Spring Festival' },
        { date: '2025-02-04', name: 'Spring Festival' },
        { date: '2025-04-04', name: 'Qingming (清明节)' },
        { date: '2025-05-01', name: 'Labour Day (劳动节)' },
        { date: '2025-05-02', name: 'Labour Day' },
        { date: '2025-05-05', name: 'Labour Day' },
        { date: '2025-06-02', name: 'Dragon Boat Festival (端午节)' },
        { date: '2025-10-01', name: 'National Day and Mid-Autumn (国庆节、中秋节)' },
        { date: '2025-10-02', name: 'National Day and Mid-Autumn' },
        { date: '2025-10-03', name: 'National Day and Mid-Autumn' },
        { date: '2025-10-06', name: 'National Day and Mid-Autumn' },
        { date: '2025-10-07', name: 'National Day and Mid-Autumn' },
        { date: '2025-10-08', name: 'National Day and Mid-Autumn' },
      ],
      half_days: [],
      source:
        'State Council General Office notice on the 2025 holiday arrangements (国务院办公厅关于2025年部分节假日安排的通知, 12 Nov 2024, the first under the revised rules adding the Spring Festival Eve and 2 May); SSE/SZSE 2025 market-closure notices follow it',
      confidence: 'high',
      note: 'Spring Festival 28 Jan-4 Feb, Labour Day 1-5 May, National Day/Mid-Autumn 1-8 Oct; make-up working Sundays/Saturdays are not trading days',
    },
    {
      year: 2026,
      closed: [
        { date: '2026-01-01', name: "New Year's Day (元旦)" },
        { date: '2026-01-02', name: "New Year's Day" },
        { date: '2026-02-16', name: 'Spring Festival (春节)' },
        { date: '2026-02-17', name: 'Spring Festival' },
        { date: '2026-02-18', name: 'Spring Festival' },
        { date: '2026-02-19', name: 'Spring Festival' },
        { date: '2026-02-20', name: 'Spring Festival' },
        { date: '2026-02-23', name: 'Spring Festival' },
        { date: '2026-04-06', name: 'Qingming (清明节)' },
        { date: '2026-05-01', name: 'Labour Day (劳动节)' },
        { date: '2026-05-04', name: 'Labour Day' },
        { date: '2026-05-05', name: 'Labour Day' },
        { date: '2026-06-19', name: 'Dragon Boat Festival (端午节)' },
        { date: '2026-09-25', name: 'Mid-Autumn Festival (中秋节)' },
        { date: '2026-10-01', name: 'National Day (国庆节)' },
        { date: '2026-10-02', name: 'National Day' },
        { date: '2026-10-05', name: 'National Day' },
        { date: '2026-10-06', name: 'National Day' },
        { date: '2026-10-07', name: 'National Day' },
      ],
      half_days: [],
      source:
        'State Council General Office notice on the 2026 holiday arrangements (国务院办公厅关于2026年部分节假日安排的通知, November 2025), as recalled; not checked against the SSE/SZSE 2026 closure notices',
      confidence: 'medium',
      note: "Recalled spans: New Year 1-3 Jan, Spring Festival 15-23 Feb, Qingming 4-6 Apr, Labour Day 1-5 May, Dragon Boat 19-21 Jun, Mid-Autumn 25-27 Sep, National Day 1-7 Oct. Check against the exchanges' notices before relying on it",
    },
    {
      year: 2027,
      closed: [
        { date: '2027-01-01', name: "New Year's Day (元旦)" },
        { date: '2027-02-05', name: 'Spring Festival (春节, from the Eve)' },
        { date: '2027-02-08', name: 'Spring Festival' },
        { date: '2027-02-09', name: 'Spring Festival' },
        { date: '2027-02-10', name: 'Spring Festival' },
        { date: '2027-02-11', name: 'Spring Festival' },
        { date: '2027-02-12', name: 'Spring Festival' },
        { date: '2027-04-05', name: 'Qingming (清明节)' },
        { date: '2027-05-03', name: 'Labour Day (劳动节)' },
        { date: '2027-05-04', name: 'Labour Day' },
        { date: '2027-05-05', name: 'Labour Day' },
        { date: '2027-06-09', name: 'Dragon Boat Festival (端午节)' },
        { date: '2027-09-15', name: 'Mid-Autumn Festival (中秋节)' },
        { date: '2027-10-01', name: 'National Day (国庆节)' },
        { date: '2027-10-04', name: 'National Day' },
        { date: '2027-10-05', name: 'National Day' },
        { date: '2027-10-06', name: 'National Day' },
        { date: '2027-10-07', name: 'National Day' },
      ],
      half_days: [],
      source:
        'PROVISIONAL. The State Council notice on the 2027 holiday arrangements (announced around Nov/Dec 2026) and the SSE/SZSE 2027 closure notices are not in ../shared/reference. Derived from the statutory holidays as revised in Nov 2024 (New Year 1 day, Spring Festival 4 from the Eve, Qingming 1, Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3), the 2027 lunar dates (Spring Festival 6 Feb, Dragon Boat 9 Jun, Mid-Autumn 15 Sep) and the shape of the 2025-2026 notices (Spring Festival and National Day as 8-9 day breaks, Labour Day 1-5 May)',
      confidence: 'low',
      note: 'Assumed spans: New Year 1-3 Jan, Spring Festival 5-13 Feb, Qingming 3-5 Apr, Labour Day 1-5 May, Dragon Boat 9 Jun, Mid-Autumn 15 Sep, National Day 1-7 Oct. Replace with the notice before relying on it',
    },
  ],
};
