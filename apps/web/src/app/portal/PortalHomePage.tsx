import { HomePage } from '../../features/enterprises/components/HomePage';
import { LatestArticles } from '../../features/publishing/components/LatestArticles';

/** The portal's home: the credit search (enterprises) above the latest published information (publishing). */
export function PortalHomePage() {
  return (
    <>
      <HomePage />
      <LatestArticles />
    </>
  );
}
