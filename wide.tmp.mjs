import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await b.newPage({ viewport: { width: 1024, height: 768 } });
await page.goto(`http://localhost:8790/console/?key=${process.argv[2]}`);
await page.waitForSelector('#conn[data-state="live"]');
await page.waitForTimeout(8000);
const out = await page.evaluate(`(() => {
  const v = document.querySelector('#view-risk'); const vr = v.getBoundingClientRect();
  const res = [];
  for (const el of v.querySelectorAll('*')) { const r = el.getBoundingClientRect(); if (r.right > vr.right - 8 && r.width > 0) res.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right) + ' w' + Math.round(r.width) + ' sw' + el.scrollWidth); }
  return [Math.round(vr.right), v.scrollWidth, v.clientWidth, res.slice(0, 25)];
})()`);
console.log(JSON.stringify(out, null, 1));
await b.close();
