/** The issuer console: a single-page app under /console, talking to the JSON API. */
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { WalletApp } from '../wallet/app.js';
import { ConsoleApp } from './app.js';

// One bundle, two apps: the learner's wallet lives under /wallet, the issuer console under /console.
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(window.location.pathname.startsWith('/wallet') ? <WalletApp /> : <ConsoleApp />);
}
