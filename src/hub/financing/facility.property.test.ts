import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { timestampAt } from '../../kernel/index.js';
import { posted, wire } from '../bonds/testing.js';
import { collateralAccountId, FUNDING_ACCOUNT_ID } from './facility_accounts.js';
import { CGB, draw, face, facilityMarket, repay } from './facility_testing.js';

const SEED = 20_260_105;
const TENORS = ['intraday', 'overnight', '1d', '1w', '2w', '1m'] as const;
const BANKS = ['HSBC', 'BOCHK'] as const;

const drawingArbitrary = fc.record({
  bank: fc.constantFrom(...BANKS),
  tenor: fc.constantFrom(...TENORS),
  // Six of CNH 1.6 bn stay within the day's RMB 10 bn of overnight funds.
  amount_minor: fc.bigInt({ min: 1n, max: 160_000_000_000n }),
});

describe('HKMA facilities: conservation', () => {
  test('property: drawn and repaid, CNH and bonds are conserved; the HKMA earns the interest', () => {
    fc.assert(
      fc.property(fc.array(drawingArbitrary, { minLength: 1, maxLength: 6 }), (drawings) => {
        const t = facilityMarket('2026-01-05', 400_000_000n);
        const cash = () => BANKS.map((b) => posted(t, `${b}/CNH`)).reduce((a, b) => a + b);
        const bonds = () => BANKS.map((b) => posted(t, `${CGB}/${b}/${b}`));
        const [cash_start, bonds_start, hkma_start] = [cash(), bonds(), posted(t, 'HKMA/CNH')];
        drawings.forEach((d, i) => {
          const amount_minor = String(d.amount_minor);
          // A unit (CNY 100 of face) is worth more than CNH 97 after the 8 % haircut.
          const units = d.amount_minor / 9_000n + 1n;
          const command = draw({ drawing_id: `p-${i}`, ...d, amount_minor }, face(units));
          t.accept(d.bank, command);
        });
        // A month and more on: every drawing is due (the intraday ones rolled at 23:30).
        t.now_us = timestampAt('2026-02-09', '10:00');
        t.accept('operator', wire({ type: 'hub.tick' }));
        let interest = 0n;
        drawings.forEach((d, i) => {
          const events = t.accept(d.bank, repay(`p-${i}`)).events;
          for (const e of events) if (e.type === 'facility_repaid') interest += e.interest_minor;
        });
        assert.equal(cash_start - cash(), interest, 'the banks paid the interest, no more');
        assert.equal(posted(t, 'HKMA/CNH') - hkma_start, interest, 'the HKMA earned it');
        assert.equal(posted(t, FUNDING_ACCOUNT_ID), 0n, 'every fen lent came back');
        assert.deepEqual(bonds(), bonds_start);
        assert.equal(posted(t, collateralAccountId(CGB)), 0n);
        t.hub.checkInvariants();
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
