import { ContextConsumer } from '@lit/context';
import type { ReactiveController } from 'lit';
import type { CallController } from '../../core/call-controller.js';
import { CALL_EVENT_NAMES } from '../../core/events.js';
import type { CallEvent, CallEventDetailMap, CallEventName } from '../../core/events.js';
import type { CallElement } from './call-element.js';
import { callControllerContext } from './controller-context.js';
import { CONTROLLER_CHANGE_EVENT, controllerFor } from './resolve-controller.js';
import { warnOnce } from './warn.js';

/** An element that may name its phone with `for="phone-id"`. */
export type ConsumerHost = CallElement & { htmlFor?: string };

/** A typed handler: `detail` is typed from {@link CallEventDetailMap}. */
export type DetailHandler<K extends CallEventName> = (detail: CallEventDetailMap[K], event: CallEvent<K>) => void;

/** Options of a {@link ControllerConsumer}. */
export interface ControllerConsumerOptions {
  /**
   * Look for a controller by `for=` and by context (default true). `<call-phone>` turns it off:
   * it is the provider, and its controller is always set explicitly.
   */
  lookup?: boolean;
  /** Called after the controller changed (found, lost, replaced), once subscriptions moved. */
  onChange?(previous: CallController | undefined, next: CallController | undefined): void;
}

/**
 * Gives an element the controller it should use and keeps it subscribed to that controller's
 * events. The controller is, in this order: the one set with {@link explicit}; the
 * `.controller` of the element named by the host's `for` attribute (looked up in the host's
 * root node, then the document, again whenever `for` changes or a phone connects or swaps its
 * controller); the nearest `<call-phone>` ancestor, by context (also when that phone upgrades
 * later). Handlers registered with {@link on} move with the controller, and every listener is
 * removed on disconnect, so a removed element leaves nothing behind. When nothing is found
 * after the first render it warns once per element: `[call-elements] <tag>: …`.
 *
 * Modelled on Lit's `ContextConsumer` (a reactive controller that resubscribes) and Material
 * Web's attachable controller (`for` resolved against the root node).
 */
export class ControllerConsumer implements ReactiveController {
  readonly #host: ConsumerHost;
  readonly #options: ControllerConsumerOptions;
  readonly #context?: ContextConsumer<typeof callControllerContext, ConsumerHost>;
  readonly #handlers = new Map<CallEventName, Set<(event: CallEvent) => void>>();
  #explicit?: CallController;
  #current?: CallController;
  #connected = false;
  #lastFor?: string;

  constructor(host: ConsumerHost, options: ControllerConsumerOptions = {}) {
    this.#host = host;
    this.#options = options;
    if (options.lookup !== false) {
      this.#context = new ContextConsumer(host, { context: callControllerContext, subscribe: true, callback: () => this.refresh() });
    }
    host.addController(this);
  }

  /** The controller in use now (undefined while disconnected or when none is found). */
  get value(): CallController | undefined {
    return this.#current;
  }

  /** Whether the controller in use came from an enclosing `<call-phone>` (context), which already re-dispatches its events. */
  get fromContext(): boolean {
    return !!this.#current && !this.#explicit && this.#current === this.#context?.value && !this.#byFor();
  }

  /** A controller set by the page; it wins over `for` and context. `undefined` goes back to looking. */
  get explicit(): CallController | undefined {
    return this.#explicit;
  }
  set explicit(controller: CallController | undefined) {
    this.#explicit = controller;
    this.refresh();
  }

  /** Calls `handler` with the typed detail of every `type` event of the controller in use. */
  on<K extends CallEventName>(type: K, handler: DetailHandler<K>): this {
    return this.#add(type, (event) => handler((event as CallEvent<K>).detail, event as CallEvent<K>));
  }

  /** Calls `handler` for every call-elements event of the controller in use. */
  onEvery(handler: (event: CallEvent) => void): this {
    for (const type of CALL_EVENT_NAMES) this.#add(type, handler);
    return this;
  }

  /**
   * Re-dispatches these events of the controller from the host, bubbling and composed, when
   * `when()` says so (e.g. not when an enclosing phone already re-dispatches them).
   */
  forward(types: readonly CallEventName[], when: () => boolean = () => true): this {
    for (const type of types) this.#forwardOne(type, when);
    return this;
  }

  /** Looks for the controller again (called by itself on `for` changes and phone announcements). */
  refresh(): void {
    if (!this.#connected) return;
    const next = this.#explicit ?? (this.#options.lookup === false ? undefined : (this.#byFor() ?? this.#context?.value));
    if (next === this.#current) return;
    const previous = this.#current;
    this.#subscribe(previous, false);
    this.#current = next;
    this.#subscribe(next, true);
    this.#options.onChange?.(previous, next);
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#lastFor = this.#host.htmlFor;
    if (this.#options.lookup !== false) this.#host.ownerDocument.addEventListener(CONTROLLER_CHANGE_EVENT, this.#onAnnounce);
    this.refresh();
    if (this.#options.lookup !== false) void this.#host.updateComplete.then(() => this.#warnIfMissing());
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#host.ownerDocument.removeEventListener(CONTROLLER_CHANGE_EVENT, this.#onAnnounce);
    const previous = this.#current;
    this.#subscribe(previous, false);
    this.#current = undefined;
    if (previous) this.#options.onChange?.(previous, undefined);
  }

  hostUpdate(): void {
    if (this.#host.htmlFor === this.#lastFor) return;
    this.#lastFor = this.#host.htmlFor;
    this.refresh();
  }

  readonly #onAnnounce = () => this.refresh();

  #forwardOne<K extends CallEventName>(type: K, when: () => boolean): void {
    this.on(type, (detail, event) => {
      // A page's preventDefault() on the element's copy reaches the controller's event (call-refer).
      if (when() && !this.#host.emit(type, detail, event.cancelable)) event.preventDefault();
    });
  }

  #byFor(): CallController | undefined {
    return controllerFor(this.#host, this.#host.htmlFor);
  }

  #add(type: CallEventName, listener: (event: CallEvent) => void): this {
    let set = this.#handlers.get(type);
    if (!set) this.#handlers.set(type, (set = new Set()));
    set.add(listener);
    if (this.#current) this.#current.addEventListener(type, listener as EventListener);
    return this;
  }

  #subscribe(controller: CallController | undefined, on: boolean): void {
    if (!controller) return;
    for (const [type, listeners] of this.#handlers) {
      for (const listener of listeners) {
        if (on) controller.addEventListener(type, listener as EventListener);
        else controller.removeEventListener(type, listener as EventListener);
      }
    }
  }

  #warnIfMissing(): void {
    if (!this.#connected || this.#current) return;
    const named = this.#host.htmlFor;
    const why = named ? `no element with id "${named}" exposes a controller` : 'found no controller';
    warnOnce(
      this.#host,
      'no-controller',
      `${why}. Put it inside a <call-phone>, give it for="<call-phone id>", or set its controller property. It stays idle until then.`,
    );
  }

}
