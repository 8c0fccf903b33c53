/**
 * The payee's name as a payer sees it before confirming: enough to recognise, not to harvest.
 * Rule (*assumption*, FPS and IBPS publish no single format): a name in Chinese characters keeps
 * its last character only (`張小明` → `**明`); any other name keeps each word's first character
 * (`CHAN Tai Man` → `C*** T** M**`). Counted in code points.
 * @module
 */

const HAN = /\p{Script=Han}/u;

export function maskName(name: string): string {
  const trimmed = name.trim();
  if (!HAN.test(trimmed) || trimmed.includes(' ')) {
    return trimmed
      .split(/\s+/)
      .map((word) => mask_word(word))
      .join(' ');
  }
  const chars = Array.from(trimmed);
  if (chars.length <= 1) return '*';
  return '*'.repeat(chars.length - 1) + (chars[chars.length - 1] ?? '');
}

function mask_word(word: string): string {
  const chars = Array.from(word);
  return (chars[0] ?? '') + '*'.repeat(chars.length - 1);
}
