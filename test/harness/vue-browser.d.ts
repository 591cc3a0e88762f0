// Vue's self-contained browser build, for browser tests that use Vue's reactivity without a
// bundler (the default `vue` entry expects a bundler to define process.env.NODE_ENV).
declare module 'vue/dist/vue.runtime.esm-browser.prod.js' {
  export * from 'vue';
}
