import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './app-shell/App.vue';
import { createAppRouter } from './app-shell/router';
import './styles/main.css';
import './styles/print.css';

/** Renderer entry: Pinia, the guarded router, then the window. */
const app = createApp(App);
app.use(createPinia());
app.use(createAppRouter());
app.mount('#app');
