/** The issuer console: a single-page app under /console, talking to the JSON API. */
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { ConsoleApp } from './app.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<ConsoleApp />);
}
