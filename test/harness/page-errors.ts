/** What {@link watchPageErrors} saw: one line per `unhandledrejection` or `error` event on the window. */
export interface PageErrors {
  readonly seen: string[];
  /** Stops recording. */
  stop(): void;
}

/** Records every `unhandledrejection` and `error` event the window gets, until stopped. */
export function watchPageErrors(): PageErrors {
  const seen: string[] = [];
  const onRejection = (event: PromiseRejectionEvent) => {
    const reason = event.reason as { code?: string; message?: string } | undefined;
    seen.push(`unhandledrejection: ${reason?.code ?? ''} ${reason?.message ?? String(reason)}`);
  };
  const onError = (event: ErrorEvent) => seen.push(`error: ${event.message}`);
  window.addEventListener('unhandledrejection', onRejection);
  window.addEventListener('error', onError);
  return {
    seen,
    stop() {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
    },
  };
}
