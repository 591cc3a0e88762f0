import type { CallErrorCode } from '../../core/errors.js';

/**
 * Text of `<call-devices>` in English and Simplified Chinese. Kept with the element (not in
 * src/i18n/strings.ts) so the element can land on its own; placeholders are `{name}`.
 */
const en = {
  'kind.audioinput': 'Microphone',
  'kind.videoinput': 'Camera',
  'kind.audiooutput': 'Speaker',
  'kind.ringtone': 'Ringtone',
  'numbered.audioinput': 'Microphone {n}',
  'numbered.videoinput': 'Camera {n}',
  'numbered.audiooutput': 'Speaker {n}',
  'numbered.ringtone': 'Speaker {n}',
  default: 'System default',
  none: 'None found',
  'allow.both': 'Allow microphone and camera',
  'allow.audio': 'Allow microphone',
  'allow.video': 'Allow camera',
  'permission.prompt': 'Device names appear and the microphone and camera can be tested once you allow access.',
  'permission.denied':
    'Access to the microphone or camera is blocked. Allow it in the browser (the icon in the address bar), then try again.',
  level: 'Microphone level',
  preview: 'Camera preview',
  'preview.none': 'No camera picture',
  'test-speaker': 'Test speaker',
  'no-output-selection': 'This browser cannot choose a speaker: sound plays on the system default output.',
  unplugged: '“{device}” was disconnected. Now using the system default.',
  'not-connected': 'Not connected to a phone.',
};

export type DeviceStrings = typeof en;

const zh: DeviceStrings = {
  'kind.audioinput': '麦克风',
  'kind.videoinput': '摄像头',
  'kind.audiooutput': '扬声器',
  'kind.ringtone': '铃声',
  'numbered.audioinput': '麦克风 {n}',
  'numbered.videoinput': '摄像头 {n}',
  'numbered.audiooutput': '扬声器 {n}',
  'numbered.ringtone': '扬声器 {n}',
  default: '系统默认',
  none: '未找到设备',
  'allow.both': '允许使用麦克风和摄像头',
  'allow.audio': '允许使用麦克风',
  'allow.video': '允许使用摄像头',
  'permission.prompt': '允许访问后，即可看到设备名称并测试麦克风和摄像头。',
  'permission.denied': '麦克风或摄像头的访问已被阻止。请在浏览器中允许（地址栏中的图标），然后重试。',
  level: '麦克风音量',
  preview: '摄像头预览',
  'preview.none': '无摄像头画面',
  'test-speaker': '测试扬声器',
  'no-output-selection': '此浏览器无法选择扬声器：声音将从系统默认输出设备播放。',
  unplugged: '“{device}”已断开，现在使用系统默认设备。',
  'not-connected': '未连接到电话。',
};

/** Chinese wording of the media errors a user can fix; other codes keep the error's own message. */
const zhErrors: Partial<Record<CallErrorCode, string>> = {
  'media/permission-denied': '麦克风或摄像头的访问被拒绝。请在浏览器中允许（地址栏中的图标），然后重试。',
  'media/not-found': '未找到麦克风或摄像头。请连接设备，或检查操作系统是否识别了它。',
  'media/in-use': '无法启动麦克风或摄像头：可能有其他应用正在使用。请关闭该应用后重试。',
  'media/insecure-context': '麦克风和摄像头需要安全的页面：请通过 https://（或 localhost）访问。',
};

const catalogues: Record<string, DeviceStrings> = { en, zh };

/** The language of an element: its nearest `lang`, else the document's, else English. */
export function localeOf(element: Element): 'en' | 'zh' {
  const lang = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Looks up a string, filling `{name}` placeholders with text (never markup). */
export function deviceText(locale: string, key: keyof DeviceStrings, params: Record<string, string> = {}): string {
  const template = (catalogues[locale] ?? en)[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** An error in the element's language: a translation of its code where there is one, else its message. */
export function errorText(locale: string, error: { code?: string; message: string }): string {
  return (locale === 'zh' && zhErrors[error.code as CallErrorCode]) || error.message;
}
