// Never rendered: `npm run build` type-checks it (tsc), so each mistake below must stay a type
// error, or the build fails on an unused @ts-expect-error.
import 'call-elements';
import { CallPhone, CallQualityMeter } from 'call-elements/react';

export const mistakes = (
  <>
    {/* @ts-expect-error a dashed attribute takes only its listed values */}
    <call-phone call-waiting="bussy" />
    {/* @ts-expect-error a numeric attribute takes a number */}
    <call-phone max-calls="two" />
    {/* @ts-expect-error a misspelt event prop of the wrapper */}
    <CallPhone onCallConnectd={() => undefined} />
    {/* @ts-expect-error `for` takes the phone's id */}
    <CallQualityMeter for={42} />
  </>
);

export const fine = (
  <>
    <call-phone call-waiting="busy" max-calls="2" ice-transport-policy="relay" oncall-connected={(event) => event.detail.call.remote.user} />
    <CallQualityMeter for="alice" />
    <CallQualityMeter htmlFor="alice" />
  </>
);

/** The phone's status is read-only: the phone sets it. */
export function readOnlyStatus(phone: HTMLElementTagNameMap['call-phone']): string {
  // @ts-expect-error `state` is read-only
  phone.state = 'connected';
  return phone.state;
}
