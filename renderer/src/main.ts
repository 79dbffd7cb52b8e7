import { createApp } from 'vue';
import { createAppPinia } from './app-shell/app-pinia';
import App from './app-shell/App.vue';
import { createAppRouter } from './app-shell/router';
import { startLoading } from './app-shell/start-loading';
import { whenParsed } from './app-shell/when-parsed';
import './styles/main.css';
import './styles/print.css';

/**
 * Renderer entry: Pinia (reset at sign-out), the two IPC calls the first screen needs, the router
 * that follows the auth state, then the window, once the parser has built `#app` (when-parsed.ts).
 */
const app = createApp(App);
const pinia = createAppPinia();
app.use(pinia);
startLoading(pinia);
app.use(createAppRouter());
whenParsed(document, () => app.mount('#app'));
