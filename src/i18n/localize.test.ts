import { expect, fixture, html } from '@open-wc/testing';
import { CallElement } from '../elements/shared/call-element.js';
import { en } from './en.js';
import { fill, loadLocale, localeFor, translate, translateError } from './localize.js';
import { zhCN } from './zh-CN.js';

/** Renders one translated string, the way every element does. */
class LocalizedProbe extends CallElement {
  override render() {
    return this.localize.t('call');
  }
}
customElements.define('localized-probe', LocalizedProbe);

const text = (el: Element) => el.shadowRoot!.textContent!.trim();

describe('translation (one localize controller, one catalogue per language)', () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  // The first test of the file: nothing has loaded the Chinese catalogue yet.
  it('an element in Chinese waits for the catalogue (a module of its own) and renders in Chinese the first time', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="zh-CN"></localized-probe>`);
    expect(text(probe)).to.equal('呼叫');
    expect(translate('zh-CN', 'call')).to.equal('呼叫');
  });

  it('fills placeholders literally: a peer name with $& or $1 stays as written', async () => {
    await loadLocale('zh-CN');
    expect(fill('Incoming call from {name}', { name: 'A$&B $1 $$' })).to.equal('Incoming call from A$&B $1 $$');
    expect(translate('en', 'incoming.label', { name: '$&' })).to.equal('Incoming call from $&');
    expect(translate('zh-CN', 'video.remote', { name: "$'x$`" })).to.equal("$'x$` 的视频");
    expect(fill('{a} and {missing}', { a: '<b>' })).to.equal('<b> and ');
  });

  it('maps language tags: zh, zh-CN, zh-Hans-CN to Chinese, everything else to English', () => {
    expect(['zh', 'zh-CN', 'ZH-hans-cn'].map(localeFor)).to.deep.equal(['zh-CN', 'zh-CN', 'zh-CN']);
    expect(['en', 'fr', '', undefined].map(localeFor)).to.deep.equal(['en', 'en', 'en', 'en']);
  });

  it('has a Chinese string for every English key, and none empty', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    expect(Object.keys(zhCN).sort()).to.deep.equal([...keys].sort());
    for (const key of keys) expect(zhCN[key], key).to.match(/\S/);
  });

  it('translates fixable errors by code and keeps the message of the others', async () => {
    await loadLocale('zh-CN');
    expect(translateError('zh-CN', { code: 'media/not-found', message: 'x' })).to.contain('未找到麦克风');
    expect(translateError('zh-CN', { code: 'sip/registration-failed', message: 'x' })).to.contain('注册失败');
    expect(translateError('zh-CN', { message: 'as sent' }), 'an error with no code').to.equal('as sent');
    expect(translateError('en', { code: 'media/not-found', message: 'as sent' })).to.equal('as sent');
  });

  it('follows the nearest lang, and re-renders when it changes on the element, an ancestor or the document', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><localized-probe></localized-probe></div>`);
    const probe = wrapper.querySelector('localized-probe') as LocalizedProbe;
    expect(text(probe)).to.equal('Call');
    document.documentElement.lang = 'zh-CN';
    await new Promise((r) => setTimeout(r));
    await probe.updateComplete;
    expect(text(probe), 'document lang').to.equal('呼叫');
    wrapper.lang = 'en';
    await new Promise((r) => setTimeout(r));
    await probe.updateComplete;
    expect(text(probe), 'ancestor lang wins').to.equal('Call');
    probe.lang = 'zh';
    await new Promise((r) => setTimeout(r));
    await probe.updateComplete;
    expect(text(probe), 'own lang wins').to.equal('呼叫');
  });

  it('looks past shadow roots: inside another component it follows that component, its page, and changes in its shadow tree', async () => {
    const page = await fixture<HTMLDivElement>(html`<div lang="zh-CN"><div class="host"></div></div>`);
    const host = page.querySelector('.host')!;
    const outer = host.attachShadow({ mode: 'open' });
    outer.innerHTML = '<section></section>';
    const section = outer.querySelector('section')!;
    // Two shadow roots deep.
    const inner = section.attachShadow({ mode: 'open' });
    const probe = document.createElement('localized-probe') as LocalizedProbe;
    inner.append(probe);
    const settle = async () => {
      await new Promise((r) => setTimeout(r));
      await probe.updateComplete;
    };
    await settle();
    expect(text(probe), "the page around the component's host").to.equal('呼叫');
    section.lang = 'en';
    await settle();
    expect(text(probe), 'a lang set live inside the outer shadow tree').to.equal('Call');
    section.lang = 'zh';
    await settle();
    expect(text(probe), 'and changed again').to.equal('呼叫');
    section.removeAttribute('lang');
    page.lang = 'en';
    await settle();
    expect(text(probe), "the page's lang changed live").to.equal('Call');
  });
});
