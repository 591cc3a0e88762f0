#!/usr/bin/env node
// Screenshots of the demo through a whole call, for looking at what users see.
// Run inside a loopback namespace: unshare -n sh -c 'ip link set lo up && node scripts/screenshot-demo.mjs OUTDIR'
// SCHEME=dark for dark mode; WIDTH=390 for a phone-width viewport (default 900, desktop);
// QUERY='?users=…' for other users.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, '.cache', 'screens'));
mkdirSync(out, { recursive: true });
const port = 5199;
const vite = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), '--config', 'vite.config.ts', '--port', String(port), '--strictPort'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((r) => vite.stdout.on('data', (d) => String(d).includes('ready') && r()));

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  viewport: { width: Number(process.env.WIDTH) || 900, height: Number(process.env.WIDTH) < 600 ? 844 : 900 },
  colorScheme: process.env.SCHEME === 'dark' ? 'dark' : 'light',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=device-count=3', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage();
  // vite.config.ts serves the demo under a strict Content-Security-Policy: count what it refuses.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log('page:', m.text()));
  await page.goto(`http://127.0.0.1:${port}/${process.env.QUERY ?? ''}`);
  await page.waitForFunction(() => [...document.querySelectorAll('call-phone')].every((p) => p.registered), null, { timeout: 10000 });
  await page.screenshot({ path: join(out, '1-registered.png') });
  const alice = page.locator('#phone-alice');
  const bob = page.locator('#phone-bob');
  await alice.locator('input').fill('bob');
  await alice.locator('button.call').click();
  await bob.locator('[part~=incoming]').waitFor();
  await page.screenshot({ path: join(out, '2-ringing.png') });
  await bob.locator('button.answer').first().click();
  await page.waitForFunction(() => document.querySelector('#phone-alice')?.getAttribute('state') === 'connected');
  await page.waitForTimeout(2200);
  await alice.locator('button.keypad-toggle').click();
  await bob.locator('button.mute').click();
  await page.screenshot({ path: join(out, '3-in-call.png') });
  await page.locator('#phone-alice call-quality-meter').hover();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, '3b-quality-details.png') });
  await alice.locator('button.hold').click();
  await page.waitForFunction(() => document.querySelector('#phone-bob')?.getAttribute('state') === 'held');
  await page.screenshot({ path: join(out, '4-held.png') });
  await alice.locator('button.hangup').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, '5-ended.png') });
  // A video call: remote video large, own camera small; then alice shares her screen.
  await alice.locator('input').fill('bob');
  await alice.locator('button.video-call').click();
  await bob.locator('[part~=incoming]').waitFor();
  await bob.locator('button.answer').last().click();
  await page.waitForFunction(() => document.querySelector('#phone-alice')?.getAttribute('state') === 'connected');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(out, '6-video-call.png'), fullPage: true });
  await alice.locator('button.share').click();
  await page.waitForFunction(() => document.querySelector('#phone-alice')?.hasAttribute('screen-sharing'));
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(out, '7-screen-share.png'), fullPage: true });
  // Sharing an element of the page (a canvas) instead of the screen: bob sees the canvas.
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width: 640, height: 360 });
    const g = canvas.getContext('2d');
    const paint = () => {
      g.fillStyle = '#1f6feb';
      g.fillRect(0, 0, 640, 360);
      g.fillStyle = '#fff';
      g.font = 'bold 48px sans-serif';
      g.fillText('Shared canvas', 150, 170);
      g.font = '28px sans-serif';
      g.fillText(new Date().toLocaleTimeString(), 250, 230);
    };
    paint();
    setInterval(paint, 200);
    canvas.id = 'shared-canvas';
    canvas.style.width = '160px';
    document.body.append(canvas);
    // Alice is sharing her screen: the canvas takes its place.
    await document.querySelector('#phone-alice').activeCall.shareElement(canvas);
  });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(out, '7b-element-share.png'), fullPage: true });
  await alice.locator('details.devices summary').click();
  await page.waitForTimeout(1500);
  await alice.screenshot({ path: join(out, '8-devices-in-call.png') });
  await alice.locator('button.hangup').click();
  const violations = await page.evaluate(() => window.cspViolations);
  console.log(`CSP violations: ${violations.length}${violations.map((v) => `\n  ${v}`).join('')}`);
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  vite.kill();
}
