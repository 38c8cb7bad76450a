import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
const errors = []; p.on('console', (m) => m.type() === 'error' && errors.push(m.text())); p.on('pageerror', (e) => errors.push(e.message));
await p.goto('file://' + process.argv[2]); await p.waitForTimeout(1500);
await p.screenshot({ path: process.argv[3], fullPage: true }); console.log('errors', errors); await b.close();
