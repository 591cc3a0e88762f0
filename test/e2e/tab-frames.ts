// "Tabs" of one phone for the tab-sharing tests: same-origin frames of test/e2e/tab-page.html
// (they share Web Locks and BroadcastChannel as tabs of one profile do; removing a frame closes
// its "tab").
import { until } from './helpers.js';

/** One tab's driver (`window.tab` of test/e2e/tab-page.ts). */
export type Tab = Window['tab'];

/** The frames open now, oldest first. */
export const frames: HTMLIFrameElement[] = [];

/** Opens a "tab" and starts the shared phone of `user` on `server` in it, with `settings`. */
export async function openTab(user: string, settings: Record<string, unknown>, server: string): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = '/test/e2e/tab-page.html';
  frame.allow = 'microphone; camera; autoplay';
  document.body.append(frame);
  frames.push(frame);
  await until(() => !!frame.contentWindow?.tab, 10_000, 'the tab page loaded');
  const tab = frame.contentWindow!.tab;
  await tab.start(server, user, settings);
  return tab;
}

/** Closes the "tab" `tab` (its document goes, and with it its locks, as when a tab closes). */
export function closeTab(tab: Tab): void {
  const index = frames.findIndex((f) => f.contentWindow?.tab === tab);
  if (index >= 0) frames.splice(index, 1)[0].remove();
}

/** Closes every "tab". */
export function closeTabs(): void {
  for (const frame of frames.splice(0)) frame.remove();
}
