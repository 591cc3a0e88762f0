import type { ReactiveController, ReactiveElement } from 'lit';
import type { CallErrorCode } from '../base/errors.js';
import { en } from './en.js';
import type { Catalogue, StringKey } from './en.js';

/** A language the elements speak. */
export type Locale = 'en' | 'zh-CN';

type Entry = { strings: Partial<Catalogue>; errors: Partial<Record<CallErrorCode, string>> };

/**
 * The catalogues in memory. English is always in; another one is loaded (a module, a chunk of
 * its own in a bundle) the first time an element or {@link loadLocale} needs it, and stands in
 * for English until then (elements wait for it before they render: see `CallElement`).
 */
const catalogues: Partial<Record<Locale, Entry>> = { en: { strings: en, errors: {} } };
const loading = new Map<Locale, Promise<void>>();

/**
 * Loads the catalogue of `locale` if it is not in yet; resolves when it is (or, should the
 * module fail to load, when English stands in for it for good).
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = import('./zh-CN.js').then(
      ({ zhCN, zhCNErrors }) => {
        catalogues[locale] = { strings: zhCN, errors: zhCNErrors };
      },
      () => {
        catalogues[locale] = catalogues.en;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** The locale for a BCP 47 tag: any `zh…` is Simplified Chinese, everything else English. */
export function localeFor(lang: string | null | undefined): Locale {
  return (lang ?? '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * The locale of an element: its nearest `lang` attribute — looking past shadow roots to their
 * hosts, so an element inside another component follows that component's page —, else the
 * document's, else English.
 */
export function localeOf(element: Element): Locale {
  for (let node: Element | undefined = element; node; node = shadowHostOf(node)) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return localeFor(lang);
  }
  return localeFor(element.ownerDocument.documentElement.lang);
}

/** The host of the shadow root `node` is in, if it is in one. */
function shadowHostOf(node: Node): Element | undefined {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : undefined;
}

/**
 * Fills `{name}` placeholders with the given values as plain text. The values are inserted
 * literally: no `$&`-style replacement patterns, no markup.
 */
export function fill(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** A string of a locale, with placeholders filled (English when the locale lacks it). */
export function translate(locale: Locale, key: StringKey, params?: Readonly<Record<string, string>>): string {
  return fill(catalogues[locale]?.strings[key] ?? en[key], params);
}

/** An error in a locale: its translation by code where there is one, else its own message. */
export function translateError(locale: Locale, error: { code?: string; message: string }): string {
  return catalogues[locale]?.errors[error.code as CallErrorCode] ?? error.message;
}

/** Hosts to re-render when a `lang` attribute changes anywhere in their document. */
const hosts = new Set<Localize>();
let observer: MutationObserver | undefined;
/** The document and the shadow roots around hosts that the observer watches already. */
const watched = new WeakSet<Node>();

/** Watches `lang` in the host's document and in every shadow root the host is inside. */
function watchLang(host: Element): void {
  observer ??= new MutationObserver(() => {
    for (const localize of hosts) localize.check();
  });
  const targets: Node[] = [host.ownerDocument.documentElement];
  for (let root = host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) targets.push(root);
  for (const target of targets) {
    if (watched.has(target)) continue;
    watched.add(target);
    observer.observe(target, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

/**
 * The one way elements translate: `this.localize.t('call')`. Follows the nearest `lang`
 * (the element's own, an ancestor's or the document's) and re-renders the host when it changes,
 * like Shoelace's `LocalizeController`. One MutationObserver serves every element of the page.
 */
export class Localize implements ReactiveController {
  readonly #host: ReactiveElement;
  #locale: Locale = 'en';

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  /** The locale in use. */
  get locale(): Locale {
    return this.#locale;
  }

  /**
   * While the catalogue of the host's locale is still loading, a promise for it (the host
   * waits for it before it updates); otherwise undefined.
   */
  loading(): Promise<void> | undefined {
    const locale = localeOf(this.#host);
    return catalogues[locale] ? undefined : loadLocale(locale);
  }

  /** A string with placeholders filled (values are text, never markup). */
  t(key: StringKey, params?: Readonly<Record<string, string>>): string {
    return translate(this.#locale, key, params);
  }

  /** An error's text in the locale (a translation of its code, else its message). */
  error(error: { code?: string; message: string }): string {
    return translateError(this.#locale, error);
  }

  hostConnected(): void {
    hosts.add(this);
    watchLang(this.#host);
    this.#locale = localeOf(this.#host);
  }

  hostDisconnected(): void {
    hosts.delete(this);
  }

  hostUpdate(): void {
    this.#locale = localeOf(this.#host);
  }

  /** Re-renders the host if its locale changed. */
  check(): void {
    if (localeOf(this.#host) !== this.#locale) this.#host.requestUpdate();
  }
}
