import { createApp } from 'vue';
import { createAppPinia } from './app-shell/app-pinia';
import App from './app-shell/App.vue';
import { createAppRouter } from './app-shell/router';
import './styles/main.css';
import './styles/print.css';

/** Renderer entry: Pinia (reset at sign-out), the router that follows the auth state, then the window. */
const app = createApp(App);
app.use(createAppPinia());
app.use(createAppRouter());
app.mount('#app');
