/** A store content page (`/pages/:slug`): about, shipping, returns, … rendered from safe Markdown. */
import type { ContentPage } from '../../modules/stores/service.js';
import { type StoreChrome, StorefrontLayout } from './layout.js';

export function ContentPageView(props: { chrome: StoreChrome; page: ContentPage; cartCount?: number }) {
  const { page } = props;
  return (
    <StorefrontLayout
      chrome={props.chrome}
      title={page.title}
      currentPath={`/pages/${page.slug}`}
      cartCount={props.cartCount}
    >
      <article class="prose">
        <h1>{page.title}</h1>
        {/* Safe: renderMarkdown escapes everything and emits a fixed tag subset. */}
        <div dangerouslySetInnerHTML={{ __html: page.html }} />
      </article>
    </StorefrontLayout>
  );
}
