/** Spanish strings of the learner side: wallet, claim page, portfolio (spread into `es`). */
import type { walletEn } from './wallet.en.js';

export const walletEs: Record<keyof typeof walletEn, string> = {
  'meta.portfolioTitle': '{name} — credenciales en Cairn',
  'meta.portfolioDescription': 'Las credenciales verificables que {name} ha elegido mostrar.',
  'portfolio.eyebrow': 'Portafolio',
  'portfolio.credentials': 'Credenciales',
  'portfolio.empty': 'Todavía no se muestra nada aquí.',
  'portfolio.pathways': 'Itinerarios',
  'portfolio.percent': '{percent} % completado',
  'portfolio.completed': 'Completado',
  'portfolio.issuedBy': 'Emitida por {issuer}',
  'portfolio.verifyNote': 'Cada credencial se abre en su propia página, donde se verifica en su navegador.',
};
