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
} as const;
