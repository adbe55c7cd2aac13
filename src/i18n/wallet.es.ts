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
  'mail.wallet.sign-in.subject': 'Su enlace para entrar en su cartera de Cairn',
  'mail.wallet.sign-in.lead':
    'Abra este enlace para entrar en su cartera (la crea la primera vez). Funciona una sola vez, durante {minutes} minutos.',
  'mail.wallet.sign-in.action': 'Entrar en mi cartera',
  'mail.wallet.verify-email.subject': 'Confirme esta dirección para su cartera de Cairn',
  'mail.wallet.verify-email.lead':
    'Abra este enlace para añadir esta dirección a su cartera: las credenciales enviadas a ella se añadirán a su cartera, también las anteriores. Funciona una sola vez, durante {minutes} minutos.',
  'mail.wallet.verify-email.action': 'Añadir esta dirección',
  'mail.wallet.merge.subject': 'Unir sus carteras de Cairn',
  'mail.wallet.merge.lead':
    'Abra este enlace en el navegador donde pidió unirlas: la cartera de esta dirección se une a la otra. Funciona una sola vez, durante {minutes} minutos.',
  'mail.wallet.merge.action': 'Unir las carteras',
  'mail.wallet.ignore': 'Si no lo ha pedido usted, ignore este correo: no pasará nada.',
  'meta.claimTitle': 'Reclame su credencial — Cairn',
  'claim.eyebrow': 'Su credencial',
  'claim.issuedBy': 'Emitida por {issuer}',
  'claim.lead':
    'Ya es válida y se puede compartir. Añádala a su cartera para tener todas sus credenciales en un solo lugar.',
  'claim.add': 'Añadir a mi cartera',
  'claim.sendLink': 'Enviarme un enlace para entrar',
  'claim.sendLinkNote':
    'Enviaremos un enlace a {email}: al abrirlo se crea su cartera (o entra en ella) con esta credencial dentro.',
  'claim.added': 'Ya está en su cartera.',
  'claim.openWallet': 'Abrir mi cartera',
  'claim.linkSent': 'Revise su correo: hemos enviado un enlace para entrar a {email}.',
  'claim.view': 'Ver la credencial',
  'claim.used.title': 'Este enlace ya se ha usado',
  'claim.used.text':
    'Un enlace para reclamar funciona una sola vez. Entre en su cartera para ver la credencial.',
  'claim.expired.title': 'Este enlace ha caducado',
  'claim.expired.text':
    'La credencial sigue siendo válida. Entre en su cartera con la dirección a la que se envió: allí está.',
  'claim.unknown.title': 'Este enlace para reclamar no es válido',
  'claim.unknown.text': 'Compruebe que ha copiado el enlace completo del correo.',
  'claim.signIn': 'Entrar en mi cartera',
  'claim.error': 'No ha funcionado: {message}',
};
