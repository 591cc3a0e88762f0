import { createApp } from 'vue';
import 'call-elements';
import App from './App.vue';
import './style.css';

createApp(App).mount('#app');
