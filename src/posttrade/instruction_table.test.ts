/**
 * The instruction table: ids of a hub trade's form and of any other form found alike, insertion
 * (capture) order kept through deletions and trims, and a fast slot always the one the id gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InstructionTable, instructionSlotOf, tradeSlotOf } from './instruction_table.js';
import type { Instruction } from './types.js';

function row(id: string, seq: number): Instruction {
  return { id, seq } as Instruction;
}

test('ids of a hub trade form get a slot; every other form none', () => {
  assert.deepEqual(instructionSlotOf('CNE100000X12:7/S'), { key: 'CNE100000X12', index: 22 });
  assert.deepEqual(instructionSlotOf('CNE100000X12:7/B'), { key: 'CNE100000X12', index: 23 });
  assert.deepEqual(instructionSlotOf('CNE100000X12:7'), { key: 'CNE100000X12', index: 21 });
  assert.deepEqual(instructionSlotOf('a:b:12'), { key: 'a:b', index: 36 });
  for (const other of ['T-fail/S', 'B2', ':7', 'X:07', 'X:0', 'X:7/Q', 'X:/S', 'X:7/', 'X:1e3']) {
    assert.equal(instructionSlotOf(other), null, other);
  }
  assert.equal(instructionSlotOf('X:1234567890123456'), null); // 16 digits
});

test('the slot from a trade and its instrument is the one its instruction id gives', () => {
  const cases: Array<[string, string]> = [
    ['HK0000000700:15', 'HK0000000700'],
    ['T-fail', 'HK0000000700'],
    ['HK0000000700:015', 'HK0000000700'],
    ['OTHER:3', 'HK0000000700'],
    ['HK0000000700:3/S', 'HK0000000700'],
    ['HK0000000700:', 'HK0000000700'],
  ];
  for (const [trade_id, instrument] of cases) {
    assert.deepEqual(tradeSlotOf(trade_id, instrument, 0), instructionSlotOf(trade_id));
    assert.deepEqual(tradeSlotOf(trade_id, instrument, 1), instructionSlotOf(`${trade_id}/S`));
    assert.deepEqual(tradeSlotOf(trade_id, instrument, 2), instructionSlotOf(`${trade_id}/B`));
  }
});

test('both kinds of id are found, counted, iterated in capture order and forgotten', () => {
  const table = new InstructionTable();
  const ids = ['I:1/S', 'I:1/B', 'sese-1', 'J:1', 'I:2/S', 'I:2/B', 'T-x/S'];
  ids.forEach((id, k) => {
    table.add(row(id, k + 1));
  });
  assert.equal(table.size, 7);
  for (const id of ids) assert.equal(table.get(id)?.id, id);
  assert.equal(table.has('I:3/S'), false);
  assert.equal(table.has('I:1'), false);
  assert.equal(table.has('J:1/S'), false);
  assert.deepEqual([...table.keys()], ids);
  assert.equal(table.delete('I:1/B'), true);
  assert.equal(table.delete('sese-1'), true);
  assert.equal(table.delete('sese-1'), false);
  assert.equal(table.delete('I:9/S'), false);
  assert.equal(table.size, 5);
  assert.equal(table.get('I:1/B'), undefined);
  assert.deepEqual([...table.keys()], ['I:1/S', 'J:1', 'I:2/S', 'I:2/B', 'T-x/S']);
  table.add(row('I:1/B', 9)); // a forgotten id may come back, at the end of the order
  assert.deepEqual(
    [...table.values()].map((i) => i.seq),
    [1, 4, 5, 6, 7, 9],
  );
});

test('an id that exists or a seq out of capture order is a bug: it throws', () => {
  const table = new InstructionTable();
  table.add(row('I:1/S', 5));
  assert.throws(() => table.add(row('I:1/S', 6)), /exists/);
  assert.throws(() => table.add(row('I:1/B', 5)), /capture order/);
});

test('many deletions trim the arrays and every remaining id is still found, in order', () => {
  const table = new InstructionTable();
  let seq = 0;
  for (let n = 1; n <= 5_000; n += 1) {
    table.add(row(`I:${n}/S`, ++seq));
    table.add(row(`I:${n}/B`, ++seq));
  }
  for (let n = 1; n <= 4_000; n += 1) {
    assert.equal(table.delete(`I:${n}/S`), true);
    assert.equal(table.delete(`I:${n}/B`), true);
  }
  assert.equal(table.size, 2_000);
  for (let n = 4_001; n <= 5_000; n += 1) assert.equal(table.get(`I:${n}/B`)?.id, `I:${n}/B`);
  assert.equal(table.get('I:4000/B'), undefined);
  table.add(row('I:5001/S', ++seq));
  const seqs = [...table.values()].map((i) => i.seq);
  assert.equal(seqs.length, 2_001);
  assert.equal(seqs[0], 8_001);
  assert.equal(seqs.at(-1), seq);
  assert.ok(seqs.every((s, k) => k === 0 || s > (seqs[k - 1] as number)));
});

test('numbers far apart or below the first are found too (restored or outside ids)', () => {
  const table = new InstructionTable();
  table.add(row('I:500', 1));
  table.add(row('I:100000000000', 2));
  table.add(row('I:3', 3));
  table.add(row('I:501', 4));
  for (const id of ['I:500', 'I:100000000000', 'I:3', 'I:501']) assert.equal(table.get(id)?.id, id);
  assert.equal(table.delete('I:100000000000'), true);
  assert.equal(table.delete('I:3'), true);
  assert.equal(table.has('I:3'), false);
  assert.deepEqual([...table.keys()], ['I:500', 'I:501']);
});

test('values() keeps going while instructions are forgotten under it', () => {
  const table = new InstructionTable();
  for (let k = 1; k <= 10; k += 1) table.add(row(`I:${k}`, k));
  const seen: number[] = [];
  for (const i of table.values()) {
    seen.push(i.seq);
    table.delete(`I:${i.seq + 1}`);
  }
  assert.deepEqual(seen, [1, 3, 5, 7, 9]);
});
