/** Español: la página de consentimiento de la API de Open Badges 3.0 y las aplicaciones conectadas. */
import type { enObApi } from './en-ob-api.js';

export const esObApi: Record<keyof typeof enObApi, string> = {
  'consent.metaTitle': 'Conectar una aplicación a tu cartera — Cairn',
  'consent.title': '{client} quiere usar tu cartera',
  'consent.signedInAs': 'Has iniciado sesión como {who}.',
  'consent.clientSite': 'El sitio de la aplicación:',
  'consent.logoAlt': 'Logotipo de {client}',
  'consent.wants': 'Si lo permites, {client} podrá:',
  'consent.redirect': 'Después volverás a {host}.',
  'consent.policies': 'Antes de decidir, lee lo que {client} dice que hace con tus datos:',
  'consent.privacy': 'Política de privacidad de {client}',
  'consent.terms': 'Condiciones de uso de {client}',
  'consent.revokeLater': 'Puedes desconectarla cuando quieras en tu cartera, en Cuenta y privacidad.',
  'consent.allow': 'Permitir',
  'consent.deny': 'Rechazar',
  'consent.scope.credentialRead': 'Leer todas las credenciales de tu cartera',
  'consent.scope.credentialUpsert': 'Añadir credenciales a tu cartera, o sustituir las que haya añadido',
  'consent.scope.profileRead': 'Leer tu perfil: tu nombre, tus direcciones de correo y tus DID',
  'consent.scope.profileUpdate': 'Cambiar el nombre de tu perfil',
  'consent.errorTitle': 'Esta solicitud de conexión no se puede usar',
  'consent.error.unknown-client': 'La aplicación que te ha enviado aquí no está registrada en esta cartera.',
  'consent.error.bad-redirect-uri':
    'La aplicación pidió enviarte a una dirección que no registró. Por tu seguridad, te quedas aquí.',
  'consent.error.expired':
    'Esta página ya no es válida (se abrió en otra sesión o es demasiado antigua). Vuelve a la aplicación y empieza de nuevo.',
  'w.apps.title': 'Aplicaciones conectadas',
  'w.apps.lead':
    'Aplicaciones a las que permitiste usar tu cartera mediante la API de Open Badges. Al desconectar una, pierde el acceso en el acto.',
  'w.apps.none': 'No hay ninguna aplicación conectada a tu cartera.',
  'w.apps.since': 'Conectada el {date}',
  'w.apps.may': 'Puede:',
  'w.apps.disconnect': 'Desconectar {app}',
  'w.apps.disconnected': '{app} está desconectada.',
};
