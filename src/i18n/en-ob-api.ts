/** English: the consent page of the Open Badges 3.0 API and the wallet's connected apps. */
export const enObApi = {
  'consent.metaTitle': 'Connect an app to your wallet — Cairn',
  'consent.title': '{client} wants to use your wallet',
  'consent.signedInAs': 'Signed in as {who}.',
  'consent.clientSite': 'The app’s site:',
  'consent.logoAlt': 'Logo of {client}',
  'consent.wants': 'If you allow it, {client} may:',
  'consent.redirect': 'You will then go back to {host}.',
  'consent.policies': 'Before you decide, read what {client} says it does with your data:',
  'consent.privacy': 'Privacy policy of {client}',
  'consent.terms': 'Terms of service of {client}',
  'consent.revokeLater': 'You can disconnect it at any time in your wallet, under Account and privacy.',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',
  'consent.scope.credentialRead': 'Read every credential in your wallet',
  'consent.scope.credentialUpsert': 'Add credentials to your wallet, or replace ones it added',
  'consent.scope.profileRead': 'Read your profile: your name, e-mail addresses and DIDs',
  'consent.scope.profileUpdate': 'Change the name on your profile',
  'consent.errorTitle': 'This connection request cannot be used',
  'consent.error.unknown-client': 'The app that sent you here is not registered with this wallet.',
  'consent.error.bad-redirect-uri':
    'The app asked to send you to an address it did not register. For your safety you stay here.',
  'consent.error.expired':
    'This page is no longer valid (it was opened in another session, or it is too old). Go back to the app and start again.',
  'w.apps.title': 'Connected apps',
  'w.apps.lead':
    'Apps you allowed to use your wallet through the Open Badges API. Disconnecting one revokes its access at once.',
  'w.apps.none': 'No app is connected to your wallet.',
  'w.apps.since': 'Connected on {date}',
  'w.apps.may': 'It may:',
  'w.apps.disconnect': 'Disconnect {app}',
  'w.apps.disconnected': '{app} is disconnected.',
} as const;
