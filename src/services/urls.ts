/**
 * The public URLs Cairn writes into credentials and pages. One place, so an id never changes form:
 * links and ids in issued credentials must keep working for as long as the credentials live.
 */
export const urls = {
  credentialPage: (publicUrl: string, id: string) => `${publicUrl}/c/${encodeURIComponent(id)}`,
  credentialJson: (publicUrl: string, id: string) => `${publicUrl}/c/${encodeURIComponent(id)}.json`,
  /** The Achievement `id` (a URI) in every credential that awards it; also its public page. */
  achievement: (publicUrl: string, id: string) => `${publicUrl}/a/${encodeURIComponent(id)}`,
  issuerPage: (publicUrl: string, slug: string) => `${publicUrl}/i/${encodeURIComponent(slug)}`,
  image: (publicUrl: string, id: string) => `${publicUrl}/images/${encodeURIComponent(id)}`,
  statusList: (publicUrl: string, id: string) => `${publicUrl}/status/${encodeURIComponent(id)}`,
};
