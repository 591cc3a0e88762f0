/** Keys of every user-visible string. */
export interface Strings {
  phone: string;
  'reg.idle': string;
  'reg.connecting': string;
  'reg.registering': string;
  'reg.registered': string;
  'reg.connected': string;
  'reg.failed': string;
  'state.new': string;
  'state.connecting': string;
  'state.ringing': string;
  'state.incoming': string;
  'state.connected': string;
  'state.held': string;
  'state.held-remote': string;
  'state.ended': string;
  target: string;
  'target.placeholder': string;
  call: string;
  'video-call': string;
  answer: string;
  'answer-video': string;
  reject: string;
  hangup: string;
  mute: string;
  unmute: string;
  'camera-off': string;
  'camera-on': string;
  'video.add': string;
  'video.remove': string;
  'share.start': string;
  'share.stop': string;
  'sound.blocked': string;
  'sound.enable': string;
  hold: string;
  resume: string;
  keypad: string;
  'keypad.label': string;
  'incoming.label': string;
  'incoming.video': string;
  'other-calls': string;
  switch: string;
  'ended.local-hangup': string;
  'ended.remote-hangup': string;
  'ended.cancelled': string;
  'ended.rejected': string;
  'ended.busy': string;
  'ended.no-answer': string;
  'ended.unavailable': string;
  'ended.not-found': string;
  'ended.answered-elsewhere': string;
  'ended.network': string;
  'ended.media': string;
  'ended.auth': string;
  'ended.failed': string;
  'timer.label': string;
  dismiss: string;
  'quality.label': string;
  'quality.0': string;
  'quality.1': string;
  'quality.2': string;
  'quality.3': string;
  'quality.4': string;
  'quality.5': string;
  'quality.6': string;
  'quality.no-call': string;
  'quality.rtt': string;
  'quality.jitter': string;
  'quality.loss-down': string;
  'quality.loss-up': string;
  'quality.bitrate': string;
  'quality.mos': string;
  'quality.codec': string;
  'quality.path': string;
  'quality.relay': string;
  'quality.direct': string;
  'quality.history': string;
}

const en: Strings = {
  phone: 'Phone',
  'reg.idle': 'Not connected',
  'reg.connecting': 'Connecting…',
  'reg.registering': 'Registering…',
  'reg.registered': 'Ready',
  'reg.connected': 'Connected (not registered)',
  'reg.failed': 'Connection failed',
  'state.new': 'Starting…',
  'state.connecting': 'Connecting…',
  'state.ringing': 'Ringing…',
  'state.incoming': 'Incoming call',
  'state.connected': 'In call',
  'state.held': 'On hold',
  'state.held-remote': 'Held by the other side',
  'state.ended': 'Call ended',
  target: 'Number or user',
  'target.placeholder': 'Number or user',
  call: 'Call',
  'video-call': 'Video call',
  answer: 'Answer',
  'answer-video': 'Answer with video',
  reject: 'Decline',
  hangup: 'Hang up',
  mute: 'Mute',
  unmute: 'Unmute',
  'camera-off': 'Camera off',
  'camera-on': 'Camera on',
  'video.add': 'Add video',
  'video.remove': 'Audio only',
  'share.start': 'Share screen',
  'share.stop': 'Stop sharing',
  'sound.blocked': 'The browser is holding back sound.',
  'sound.enable': 'Enable sound',
  hold: 'Hold',
  resume: 'Resume',
  keypad: 'Keypad',
  'keypad.label': 'Dial pad',
  'incoming.label': 'Incoming call from {name}',
  'incoming.video': 'Video call',
  'other-calls': 'Other calls',
  switch: 'Switch to',
  'ended.local-hangup': 'Call ended',
  'ended.remote-hangup': 'The other side hung up',
  'ended.cancelled': 'Call cancelled',
  'ended.rejected': 'Call declined',
  'ended.busy': 'Busy',
  'ended.no-answer': 'No answer',
  'ended.unavailable': 'Unavailable',
  'ended.not-found': 'User not found',
  'ended.answered-elsewhere': 'Answered elsewhere',
  'ended.network': 'Network problem',
  'ended.media': 'Microphone or camera problem',
  'ended.auth': 'Not authorised',
  'ended.failed': 'Call failed',
  'timer.label': 'Call duration',
  dismiss: 'Dismiss',
  'quality.label': 'Network quality: {level}',
  'quality.0': 'unknown',
  'quality.1': 'excellent',
  'quality.2': 'good',
  'quality.3': 'fair',
  'quality.4': 'poor',
  'quality.5': 'very poor',
  'quality.6': 'disconnected',
  'quality.no-call': 'No call',
  'quality.rtt': 'Round trip',
  'quality.jitter': 'Jitter',
  'quality.loss-down': 'Loss (in)',
  'quality.loss-up': 'Loss (out)',
  'quality.bitrate': 'Bitrate in / out',
  'quality.mos': 'MOS',
  'quality.codec': 'Codec',
  'quality.path': 'Path',
  'quality.relay': 'relayed (TURN)',
  'quality.direct': 'direct',
  'quality.history': 'History',
};

const zh: Strings = {
  phone: '电话',
  'reg.idle': '未连接',
  'reg.connecting': '正在连接…',
  'reg.registering': '正在注册…',
  'reg.registered': '就绪',
  'reg.connected': '已连接（未注册）',
  'reg.failed': '连接失败',
  'state.new': '正在开始…',
  'state.connecting': '正在连接…',
  'state.ringing': '对方振铃中…',
  'state.incoming': '来电',
  'state.connected': '通话中',
  'state.held': '已保持',
  'state.held-remote': '对方已保持通话',
  'state.ended': '通话已结束',
  target: '号码或用户',
  'target.placeholder': '号码或用户',
  call: '呼叫',
  'video-call': '视频呼叫',
  answer: '接听',
  'answer-video': '视频接听',
  reject: '拒绝',
  hangup: '挂断',
  mute: '静音',
  unmute: '取消静音',
  'camera-off': '关闭摄像头',
  'camera-on': '打开摄像头',
  'video.add': '开启视频',
  'video.remove': '仅语音',
  'share.start': '共享屏幕',
  'share.stop': '停止共享',
  'sound.blocked': '浏览器暂时禁止播放声音。',
  'sound.enable': '启用声音',
  hold: '保持',
  resume: '恢复',
  keypad: '拨号盘',
  'keypad.label': '拨号盘',
  'incoming.label': '{name} 来电',
  'incoming.video': '视频通话',
  'other-calls': '其他通话',
  switch: '切换到',
  'ended.local-hangup': '通话已结束',
  'ended.remote-hangup': '对方已挂断',
  'ended.cancelled': '呼叫已取消',
  'ended.rejected': '对方已拒绝',
  'ended.busy': '对方忙',
  'ended.no-answer': '无人接听',
  'ended.unavailable': '对方不可用',
  'ended.not-found': '用户不存在',
  'ended.answered-elsewhere': '已在其他设备接听',
  'ended.network': '网络问题',
  'ended.media': '麦克风或摄像头问题',
  'ended.auth': '未授权',
  'ended.failed': '呼叫失败',
  'timer.label': '通话时长',
  dismiss: '关闭',
  'quality.label': '网络质量：{level}',
  'quality.0': '未知',
  'quality.1': '极好',
  'quality.2': '好',
  'quality.3': '一般',
  'quality.4': '差',
  'quality.5': '很差',
  'quality.6': '已断开',
  'quality.no-call': '无通话',
  'quality.rtt': '往返时延',
  'quality.jitter': '抖动',
  'quality.loss-down': '丢包（下行）',
  'quality.loss-up': '丢包（上行）',
  'quality.bitrate': '码率 下行 / 上行',
  'quality.mos': 'MOS',
  'quality.codec': '编解码器',
  'quality.path': '路径',
  'quality.relay': '中继（TURN）',
  'quality.direct': '直连',
  'quality.history': '历史',
};

const catalogues: Record<string, Strings> = { en, zh };

/** The language of an element: its nearest `lang`, else the document's, else English. */
export function localeOf(element: Element): string {
  const lang = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Looks up a string, filling `{name}` style placeholders with text (never markup). */
export function translate(locale: string, key: keyof Strings, params: Record<string, string> = {}): string {
  const template = (catalogues[locale] ?? en)[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** Formats seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
