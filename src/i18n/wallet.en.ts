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
} as const;
