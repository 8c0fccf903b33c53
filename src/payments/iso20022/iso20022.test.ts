import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { creditPayee, type Payment, type PaymentInstruction, submitPayment } from '../index.js';
import { context, fundedLedger, hk, northbound, quote, southbound } from '../testing.js';
import {
  buildCamt056,
  buildPacs002,
  buildPacs004,
  buildPacs008,
  parseCamt056,
  parsePacs002,
  parsePacs004,
  parsePacs008,
  rateText,
  validateIsoXml,
} from './index.js';

const AT = hk('2025-07-01', '10:00');
const HEADER = { msg_id: 'MSG-1', created_us: AT };

function credited(instruction: PaymentInstruction): Payment {
  const fx = quote('HKD', 'CNY', 92_345_678n, AT + 5_000_000);
  const out = submitPayment(instruction, context(AT, fundedLedger(), fx));
  assert.ok(out.ok);
  return out.value;
}

function refusal(outcome: { ok: boolean }): Record<string, unknown> {
  assert.equal(outcome.ok, false);
  const { code, details } = outcome as unknown as {
    code: string;
    details: Record<string, unknown>;
  };
  return { code, ...details };
}

describe('pacs.008', () => {
  test('builds exactly the expected fields, valid against the XSD', () => {
    const xml = buildPacs008(HEADER, northbound({ amount_minor: 100_001n }));
    assert.equal(validateIsoXml('pacs.008.001.09', xml).ok, true);
    for (const part of [
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09"><FIToFICstmrCdtTrf>',
      '<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2025-07-01T02:00:00.000000Z</CreDtTm><NbOfTxs>1</NbOfTxs><SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>',
      '<PmtId><EndToEndId>E2E-NB-1</EndToEndId><TxId>E2E-NB-1</TxId></PmtId>',
      '<IntrBkSttlmAmt Ccy="HKD">1000.01</IntrBkSttlmAmt><ChrgBr>SLEV</ChrgBr>',
      '<Dbtr><Nm>LEE Siu Ming</Nm><Id><PrvtId><Othr><Id>A123456(7)</Id><SchmeNm><Prtry>HKID</Prtry></SchmeNm></Othr></PrvtId></Id></Dbtr>',
      '<DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Prtry>FPS</Prtry></ClrSysId><MmbId>BOCHK</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>',
      '<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Prtry>IBPS</Prtry></ClrSysId><MmbId>CNCC</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>',
      '<CdtrAcct><Id><Othr><Id>NOTPROVIDED</Id></Othr></Id><Ccy>CNY</Ccy><Prxy><Tp><Cd>TELE</Cd></Tp><Id>13800138000</Id></Prxy></CdtrAcct>',
      '<Purp><Cd>OTHR</Cd></Purp>',
    ]) {
      assert.ok(xml.includes(part), part);
    }
  });
  test('round trip: build → validate → parse gives the same instruction', () => {
    const cases: PaymentInstruction[] = [
      northbound(),
      northbound({ send_currency: 'CNY', purpose: 'tuition' }),
      southbound({
        payee_proxy: { type: 'email', value: 'tai.man@example.hk' },
        purpose: 'salary',
      }),
      southbound({ payee_proxy: { type: 'fps_id', value: '1234567' }, purpose: 'merchant' }),
      southbound({
        payee_proxy: { type: 'account', value: '004-123456-001' },
        receive_currency: 'CNY',
      }),
    ];
    for (const instruction of cases) {
      assert.deepEqual(parsePacs008(buildPacs008(HEADER, instruction)), {
        ok: true,
        value: instruction,
      });
    }
  });
  test('round trip holds for any amount and any text (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.string({ minLength: 1, maxLength: 35 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
        fc
          .string({ minLength: 1, maxLength: 60 })
          .filter((s) => s.trim() === s && /^[\p{L} <&>'"]+$/u.test(s)),
        (amount, id, name) => {
          const instruction = northbound({
            end_to_end_id: id,
            amount_minor: amount,
            payer: { ...northbound().payer, name },
          });
          assert.deepEqual(parsePacs008(buildPacs008(HEADER, instruction)), {
            ok: true,
            value: instruction,
          });
        },
      ),
      { numRuns: 100, seed: 16 },
    );
  });
  test('a bad field is refused with its path and the XSD rule', () => {
    const xml = buildPacs008(HEADER, northbound());
    const bad_date = xml.replace('2025-07-01T02:00:00.000000Z', 'yesterday');
    assert.deepEqual(refusal(parsePacs008(bad_date)), {
      code: 'ISO_XML_INVALID',
      message: 'pacs.008.001.09',
      field: '/Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm',
      rule: "'yesterday' is not a valid value of the atomic type 'ISODateTime'.",
    });
    const bad_ccy = refusal(parsePacs008(xml.replace('Ccy="HKD"', 'Ccy="hkd"')));
    assert.equal(bad_ccy.code, 'ISO_XML_INVALID');
    assert.equal(bad_ccy.field, '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt');
    const no_e2e = refusal(parsePacs008(xml.replace('<EndToEndId>E2E-NB-1</EndToEndId>', '')));
    assert.equal(no_e2e.field, '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/PmtId/TxId');
    assert.match(String(no_e2e.rule), /not expected\. Expected is \( InstrId \)|EndToEndId/);
    const long_id = refusal(parsePacs008(xml.replace('MSG-1', 'M'.repeat(36))));
    assert.equal(long_id.field, '/Document/FIToFICstmrCdtTrf/GrpHdr/MsgId');
    assert.match(String(long_id.rule), /maxLength/);
  });
  test('valid XML that Payment Connect does not take names its field too', () => {
    const xml = buildPacs008(HEADER, northbound());
    assert.deepEqual(refusal(parsePacs008(xml.replace('Ccy="HKD"', 'Ccy="USD"'))), {
      code: 'ISO_FIELD_UNSUPPORTED',
      message: 'pacs.008.001.09',
      field: '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt/@Ccy',
      rule: 'Payment Connect pays in HKD or CNY',
    });
    const three_decimals = refusal(parsePacs008(xml.replace('>1000.00<', '>1000.001<')));
    assert.equal(three_decimals.field, '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt');
    const other_system = refusal(
      parsePacs008(xml.replace('<Prtry>FPS</Prtry>', '<Prtry>CHATS</Prtry>')),
    );
    assert.equal(
      other_system.field,
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/DbtrAgt/FinInstnId/ClrSysMmbId',
    );
    assert.equal(refusal(parsePacs008('<Document>')).code, 'ISO_XML_INVALID');
    const with_dtd = xml.replace('?>', '?><!DOCTYPE Document [<!ENTITY e "x">]>');
    assert.equal(refusal(parsePacs008(with_dtd)).rule, 'a DOCTYPE is not allowed');
    assert.equal(refusal(parsePacs008(`<a>${'x'.repeat(70_000)}</a>`)).code, 'ISO_XML_TOO_LONG');
  });
  test('a pacs.008 in another message’s namespace is refused', () => {
    const xml = buildPacs008(HEADER, northbound()).replace('pacs.008.001.09"', 'pacs.008.001.08"');
    assert.equal(refusal(parsePacs008(xml)).code, 'ISO_XML_INVALID');
  });
});

describe('pacs.008 with the converting bank’s quote', () => {
  const TX = '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf';
  const fx = northbound({ quote_id: 'Q-BOCHK-1', agreed_rate_e8: 92_345_678n });

  test('XchgRate carries the rate and InstrForNxtAgt the quote’s code word', () => {
    const xml = buildPacs008(HEADER, fx);
    assert.equal(validateIsoXml('pacs.008.001.09', xml).ok, true);
    for (const part of [
      '<IntrBkSttlmAmt Ccy="HKD">1000.00</IntrBkSttlmAmt><XchgRate>0.92345678</XchgRate><ChrgBr>SLEV</ChrgBr>',
      '</CdtrAcct><InstrForNxtAgt><InstrInf>/FXQT/Q-BOCHK-1</InstrInf></InstrForNxtAgt><Purp>',
    ]) {
      assert.ok(xml.includes(part), part);
    }
    // Trailing zeros are left out: CNY 0.92 per HKD is written 0.92, and 1.08 as 1.08.
    const round = buildPacs008(HEADER, { ...fx, agreed_rate_e8: 92_000_000n });
    assert.ok(round.includes('<XchgRate>0.92</XchgRate>'));
    assert.equal(rateText(108_000_000n), '1.08');
    assert.equal(rateText(100_000_000n), '1');
    assert.equal(rateText(1n), '0.00000001');
  });
  test('round trip: the quote id and the exact rate come back, either one alone too', () => {
    const cases: PaymentInstruction[] = [
      fx,
      northbound({ quote_id: 'Q1' }),
      northbound({ agreed_rate_e8: 1n }),
      southbound({ quote_id: 'Q:2/x', agreed_rate_e8: 108_700_000n }),
      northbound({ quote_id: 'Q3', agreed_rate_e8: 99_999_999_999n }),
    ];
    for (const instruction of cases) {
      assert.deepEqual(parsePacs008(buildPacs008(HEADER, instruction)), {
        ok: true,
        value: instruction,
      });
    }
  });
  test('round trip for any rate and quote id (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 99_999_999_999n }),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/),
        (rate, quote_id) => {
          const instruction = southbound({ quote_id, agreed_rate_e8: rate });
          assert.deepEqual(parsePacs008(buildPacs008(HEADER, instruction)), {
            ok: true,
            value: instruction,
          });
        },
      ),
      { numRuns: 100, seed: 16 },
    );
  });
  test('other instructions for the next agent are left alone', () => {
    const xml = buildPacs008(HEADER, fx).replace(
      '<InstrForNxtAgt>',
      '<InstrForNxtAgt><InstrInf>/PHON/85291234567</InstrInf></InstrForNxtAgt><InstrForNxtAgt>',
    );
    assert.deepEqual(parsePacs008(xml), { ok: true, value: fx });
  });
  test('a rate of more than 8 decimals, or none, or not positive, names XchgRate', () => {
    const xml = buildPacs008(HEADER, fx);
    const rule = 'a positive rate with at most 8 decimals';
    for (const rate of ['0.923456781', '0.9234567800', '0', '0.00000000']) {
      const bad = xml.replace('<XchgRate>0.92345678</XchgRate>', `<XchgRate>${rate}</XchgRate>`);
      assert.deepEqual(
        refusal(parsePacs008(bad)),
        {
          code: 'ISO_FIELD_UNSUPPORTED',
          message: 'pacs.008.001.09',
          field: `${TX}/XchgRate`,
          rule,
        },
        rate,
      );
    }
    // Not a decimal at all: the XSD's BaseOneRate refuses it first.
    const word = xml.replace('>0.92345678<', '>ninety<');
    assert.deepEqual(
      [refusal(parsePacs008(word)).code, refusal(parsePacs008(word)).field],
      ['ISO_XML_INVALID', `${TX}/XchgRate`],
    );
  });
  test('a rate on a payment in one currency, two quotes, or a bad quote id are refused', () => {
    const same = buildPacs008(HEADER, northbound({ send_currency: 'CNY', agreed_rate_e8: 1n }));
    assert.deepEqual(refusal(parsePacs008(same)), {
      code: 'ISO_FIELD_UNSUPPORTED',
      message: 'pacs.008.001.09',
      field: `${TX}/XchgRate`,
      rule: 'only a payment converting currencies has one',
    });
    const xml = buildPacs008(HEADER, fx);
    const two = xml.replace(
      '<InstrForNxtAgt>',
      '<InstrForNxtAgt><InstrInf>/FXQT/Q-OTHER</InstrInf></InstrForNxtAgt><InstrForNxtAgt>',
    );
    const field = `${TX}/InstrForNxtAgt/InstrInf`;
    assert.deepEqual(
      [refusal(parsePacs008(two)).code, refusal(parsePacs008(two)).field],
      ['ISO_FIELD_UNSUPPORTED', field],
    );
    for (const id of ['', 'Q 1', '-Q1', 'Q'.repeat(65)]) {
      const bad = refusal(parsePacs008(xml.replace('/FXQT/Q-BOCHK-1', `/FXQT/${id}`)));
      assert.deepEqual([bad.code, bad.field], ['ISO_FIELD_UNSUPPORTED', field], id);
    }
  });
});

describe('pacs.002', () => {
  test('reports a credited payment ACCC, and reads back the same values', () => {
    const payment = credited(northbound());
    const xml = buildPacs002({ msg_id: 'STS-1', created_us: AT }, 'MSG-1', payment);
    assert.ok(xml.includes('<TxSts>ACCC</TxSts>'));
    assert.deepEqual(parsePacs002(xml), {
      ok: true,
      value: {
        original_msg_id: 'MSG-1',
        end_to_end_id: 'E2E-NB-1',
        status: 'ACCC',
        reason_code: null,
        reason_text: null,
      },
    });
  });
  test('reports a rejection RJCT with the stable code as the reason', () => {
    const payment = credited(northbound({ amount_minor: 1_000_001n }));
    const parsed = parsePacs002(
      buildPacs002({ msg_id: 'STS-2', created_us: AT }, 'MSG-1', payment),
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.value.status, 'RJCT');
    assert.equal(parsed.value.reason_code, 'PAYMENT_DAILY_LIMIT');
    assert.equal(parsed.value.reason_text, 'Northbound payments are capped at HK$10,000 a day');
  });
  test('an unknown status is refused with its field', () => {
    const xml = buildPacs002({ msg_id: 'S', created_us: AT }, 'M', credited(northbound()));
    assert.equal(
      refusal(parsePacs002(xml.replace('ACCC', 'ACWC'))).field,
      '/Document/FIToFIPmtStsRpt/TxInfAndSts/TxSts',
    );
    assert.equal(refusal(parsePacs002(xml.replace('ACCC', 'ACCCC'))).code, 'ISO_XML_INVALID');
  });
});

describe('pacs.004 and camt.056', () => {
  test('a return carries the amount received and the reason, both ways', () => {
    const payment = credited(northbound({ amount_minor: 100_001n }));
    const xml = buildPacs004({ msg_id: 'RTR-1', created_us: AT }, 'MSG-1', payment, 'AC04');
    assert.ok(xml.includes('<RtrdIntrBkSttlmAmt Ccy="CNY">923.46</RtrdIntrBkSttlmAmt>'));
    assert.ok(xml.includes('<OrgnlIntrBkSttlmAmt Ccy="HKD">1000.01</OrgnlIntrBkSttlmAmt>'));
    assert.deepEqual(parsePacs004(xml), {
      ok: true,
      value: {
        return_id: 'RTR-1',
        original_msg_id: 'MSG-1',
        end_to_end_id: 'E2E-NB-1',
        currency: 'CNY',
        returned_minor: 92_346n,
        reason: 'AC04',
      },
    });
    const bad = refusal(parsePacs004(xml.replace('<Cd>AC04</Cd>', '<Cd>XX99</Cd>')));
    assert.equal(bad.field, '/Document/PmtRtr/TxInf/RtrRsnInf/Rsn/Cd');
  });
  test('a recall names the payment, its amount and the reason, both ways', () => {
    const fx = quote('CNY', 'HKD', 108_700_000n, AT + 5_000_000);
    const ctx = context(AT, fundedLedger(), fx, { credit: false });
    const out = submitPayment(southbound(), ctx);
    assert.ok(out.ok);
    assert.equal(creditPayee(out.value, AT).payment.state, 'credited');
    const xml = buildCamt056({ msg_id: 'CXL-1', created_us: AT }, 'MSG-9', out.value, 'FRAD');
    assert.ok(
      xml.includes(
        '<Assgne><Agt><FinInstnId><ClrSysMmbId><ClrSysId><Prtry>FPS</Prtry></ClrSysId><MmbId>HKICL</MmbId>',
      ),
    );
    assert.deepEqual(parseCamt056(xml), {
      ok: true,
      value: {
        cancellation_id: 'CXL-1',
        original_msg_id: 'MSG-9',
        end_to_end_id: 'E2E-SB-1',
        assigner_bank: 'ICBC',
        currency: 'CNY',
        amount_minor: 500_000n,
        reason: 'FRAD',
      },
    });
    const bad = refusal(parseCamt056(xml.replace('<CreDtTm>', '<CreDtTm>x')));
    assert.equal(bad.field, '/Document/FIToFIPmtCxlReq/Assgnmt/CreDtTm');
  });
});
