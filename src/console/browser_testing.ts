/**
 * Helpers for the console's browser tests: Chromium with the flags a headless test machine needs,
 * and where screenshots are kept. Not used by the console itself.
 * @module
 */

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** 25500 → "25.500": a price in units as the console writes it. */
export function priceText(units: number, scale: number): string {
  const digits = String(units).padStart(scale + 1, '0');
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export interface Layout {
  scroll_width: number;
  boxes: Array<{ id: string; x: number; y: number; width: number; height: number }>;
  /** Panels and scroll areas whose content is wider than they are. */
  overflowing: string[];
}

/** Measured in the page (a string: this project's TypeScript has no DOM types). */
export const LAYOUT = `(() => {
  const overflowing = [];
  const wider = (el) => el.scrollWidth > el.clientWidth + 2;
  for (const el of document.querySelectorAll('.panel, .panel .scroll, .panel .cols > div')) {
    if (wider(el))
      overflowing.push(
        (el.id || el.className) + ' ' + el.scrollWidth + ' > ' + el.clientWidth + ' (' + el.closest('.panel')?.id + ')',
      );
  }
  const boxes = [...document.querySelectorAll('.panel')].map((el) => {
    const r = el.getBoundingClientRect();
    return { id: el.id, x: r.x, y: r.y, width: r.width, height: r.height };
  });
  return { scroll_width: document.documentElement.scrollWidth, boxes, overflowing };
})()`;
