// A small stand-in for the `events` package (Node's EventEmitter for browsers) in the CDN
// bundle's JsSIP chunk. JsSIP and the SIP provider use `on`, `once`, `emit`, `listeners`,
// `removeListener` and `removeAllListeners`; this keeps Node's behaviour for those and their
// aliases (`addListener`, `off`, `listenerCount`, `setMaxListeners`): listeners run in order
// with `this` the emitter, on a copy of the list (adding or removing during an emit does not
// change that emit), a `once` listener is removed before it runs and `listeners()` returns it
// unwrapped, `removeListener` removes the most recently added match, and emitting 'error'
// with no listener throws. Left out: the 'newListener'/'removeListener' events, the
// max-listeners warning, `prepend*`, `rawListeners`, `eventNames` (nothing here uses them).
// Saves ~5 KB minified.
'use strict';

function EventEmitter() {
  this._events = new Map();
}

const proto = EventEmitter.prototype;

function list(emitter, name) {
  emitter._events ??= new Map();
  let listeners = emitter._events.get(name);
  if (!listeners) emitter._events.set(name, (listeners = []));
  return listeners;
}

proto.on = proto.addListener = function on(name, listener) {
  if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type Function');
  list(this, name).push(listener);
  return this;
};

proto.once = function once(name, listener) {
  if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type Function');
  const emitter = this;
  let fired = false;
  function wrapper(...args) {
    if (fired) return undefined;
    fired = true;
    emitter.removeListener(name, wrapper);
    return listener.apply(emitter, args);
  }
  wrapper.listener = listener;
  return this.on(name, wrapper);
};

proto.off = proto.removeListener = function removeListener(name, listener) {
  const listeners = this._events?.get(name);
  if (!listeners) return this;
  for (let i = listeners.length - 1; i >= 0; i--) {
    if (listeners[i] === listener || listeners[i].listener === listener) {
      listeners.splice(i, 1);
      break;
    }
  }
  if (!listeners.length) this._events.delete(name);
  return this;
};

proto.removeAllListeners = function removeAllListeners(name) {
  if (!this._events) return this;
  if (arguments.length === 0) this._events.clear();
  else this._events.delete(name);
  return this;
};

proto.emit = function emit(name, ...args) {
  const listeners = this._events?.get(name);
  if (!listeners?.length) {
    if (name === 'error') {
      const error = args[0];
      if (error instanceof Error) throw error;
      const unhandled = new Error(`Unhandled error. (${error})`);
      unhandled.context = error;
      throw unhandled;
    }
    return false;
  }
  for (const listener of [...listeners]) listener.apply(this, args);
  return true;
};

proto.listeners = function listeners(name) {
  return (this._events?.get(name) ?? []).map((listener) => listener.listener ?? listener);
};

proto.listenerCount = function listenerCount(name) {
  return this._events?.get(name)?.length ?? 0;
};

proto.setMaxListeners = function setMaxListeners() {
  return this;
};

proto.getMaxListeners = function getMaxListeners() {
  return 10;
};

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;
module.exports = EventEmitter;
