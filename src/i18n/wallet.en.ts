/** English strings of the learner side: wallet, claim page, portfolio (spread into `en`). */
export const walletEn = {
  'meta.portfolioTitle': '{name} — credentials on Cairn',
  'meta.portfolioDescription': 'The verifiable credentials {name} chose to show.',
  'portfolio.eyebrow': 'Portfolio',
  'portfolio.credentials': 'Credentials',
  'portfolio.empty': 'Nothing is shown here yet.',
  'portfolio.pathways': 'Pathways',
  'portfolio.percent': '{percent}% complete',
  'portfolio.completed': 'Completed',
  'portfolio.issuedBy': 'Issued by {issuer}',
  'portfolio.verifyNote': 'Each credential opens on its own page, where it is verified in your browser.',
  'mail.wallet.sign-in.subject': 'Your sign-in link for your Cairn wallet',
  'mail.wallet.sign-in.lead':
    'Open this link to sign in to your wallet (it creates your wallet the first time). It works once, for {minutes} minutes.',
  'mail.wallet.sign-in.action': 'Sign in to my wallet',
  'mail.wallet.verify-email.subject': 'Confirm this address for your Cairn wallet',
  'mail.wallet.verify-email.lead':
    'Open this link to add this address to your wallet: credentials sent to it will join your wallet, earlier ones too. It works once, for {minutes} minutes.',
  'mail.wallet.verify-email.action': 'Add this address',
  'mail.wallet.merge.subject': 'Merge your Cairn wallets',
  'mail.wallet.merge.lead':
    'Open this link in the browser where you asked to merge: the wallet of this address joins the other one. It works once, for {minutes} minutes.',
  'mail.wallet.merge.action': 'Merge the wallets',
  'mail.wallet.ignore': 'If you did not ask for this, ignore this e-mail: nothing happens.',
  'meta.claimTitle': 'Claim your credential — Cairn',
  'claim.eyebrow': 'Your credential',
  'claim.issuedBy': 'Issued by {issuer}',
  'claim.lead':
    'It is valid and shareable already. Add it to your wallet to keep all your credentials in one place.',
  'claim.add': 'Add to my wallet',
  'claim.sendLink': 'Send me a sign-in link',
  'claim.sendLinkNote':
    'We will send a link to {email}: opening it creates your wallet (or signs you in) with this credential in it.',
  'claim.added': 'It is in your wallet.',
  'claim.openWallet': 'Open my wallet',
  'claim.linkSent': 'Check your e-mail: we sent a sign-in link to {email}.',
  'claim.view': 'See the credential',
  'claim.used.title': 'This claim link was used already',
  'claim.used.text': 'A claim link works once. Sign in to your wallet to see the credential.',
  'claim.expired.title': 'This claim link has expired',
  'claim.expired.text':
    'The credential itself is still valid. Sign in to your wallet with the address it was sent to: it is there.',
  'claim.unknown.title': 'This claim link is not valid',
  'claim.unknown.text': 'Check that the whole link was copied from the e-mail.',
  'claim.signIn': 'Sign in to my wallet',
  'claim.error': 'That did not work: {message}',
} as const;
