// The part of Tencent's trtc-calling-js 1.0.6 (an untyped UMD build) that the tests use; the
// package is bundled onto the fakes by test/harness/trtc-calling-bundle.mjs.
declare module 'trtc-calling-js' {
  /** Tencent's calling client (TSignaling over TIM for signalling, TRTC for media). */
  export default class TRTCCalling {
    static EVENT: Record<
      | 'ERROR' | 'SDK_READY' | 'INVITED' | 'USER_ACCEPT' | 'USER_ENTER' | 'USER_LEAVE' | 'REJECT' | 'NO_RESP' | 'LINE_BUSY'
      | 'CALLING_CANCEL' | 'KICKED_OUT' | 'CALLING_TIMEOUT' | 'CALL_END' | 'USER_VIDEO_AVAILABLE' | 'USER_AUDIO_AVAILABLE'
      | 'USER_VOICE_VOLUME' | 'GROUP_CALL_INVITEE_LIST_UPDATE',
      string
    >;
    static CALL_TYPE: { AUDIO_CALL: 1; VIDEO_CALL: 2 };
    constructor(options: { SDKAppID: number; tim?: unknown });
    /** The TIM instance it created (TIM.create), public in 1.0.6. */
    tim: any;
    on(event: string, handler: (event: any) => void, context?: unknown): void;
    off(event: string, handler: (event: any) => void, context?: unknown): void;
    setLogLevel(level: number): void;
    login(options: { userID: string; userSig: string }): Promise<unknown>;
    logout(): Promise<unknown>;
    call(options: { userID: string; type: 1 | 2; timeout?: number; offlinePushInfo?: unknown }): Promise<any>;
    groupCall(options: { userIDList: string[]; type: 1 | 2; groupID?: string; offlinePushInfo?: unknown }): Promise<any>;
    accept(): Promise<any>;
    reject(): Promise<any>;
    hangup(): Promise<any>;
    switchToAudioCall(): Promise<unknown>;
    switchToVideoCall(): void;
    setMicMute(mute: boolean): Promise<unknown>;
    openCamera(): Promise<unknown>;
    closeCamera(): Promise<unknown>;
    startRemoteView(options: { userID: string; videoViewDomID: string }): Promise<unknown>;
    startLocalView(options: { userID: string; videoViewDomID: string }): Promise<unknown>;
    getCallStatus(): string;
  }
}
