import { HomePage } from '../../features/enterprises/components/HomePage';
import { LatestArticles } from '../../features/publishing/components/LatestArticles';
import { PlatformFigures } from '../../features/statistics/components/PlatformFigures';

/**
 * The portal's home: the credit search (enterprises), the platform's figures with the report verification link
 * (statistics), then the latest published information (publishing).
 */
export function PortalHomePage() {
  return (
    <>
      <HomePage />
      <PlatformFigures />
      <LatestArticles />
    </>
  );
}
