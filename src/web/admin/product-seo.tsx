/** The product editor's "Search engine listing" card: SEO title and meta description with live character counts. */
import { SEO_DESCRIPTION_MAX, SEO_TITLE_MAX } from '../../modules/catalog/schemas.js';
import { Card } from '../components/ui.js';
import { CharCountScript, CountedField } from '../components/ui-counted.js';
import type { FormErrors, ProductFormState } from './product-form-state.js';

export function SeoCard(props: { state: ProductFormState; errors: FormErrors }) {
  return (
    <Card title="Search engine listing" id="seo">
      <p class="muted">
        What search results show for this product. Left empty, the title and the start of the description are
        used.
      </p>
      <CountedField
        name="seoTitle"
        label="Page title"
        value={props.state.seoTitle}
        max={SEO_TITLE_MAX}
        error={props.errors.seoTitle}
      />
      <CountedField
        name="seoDescription"
        label="Meta description"
        value={props.state.seoDescription}
        max={SEO_DESCRIPTION_MAX}
        hint="Search engines show about 160"
        error={props.errors.seoDescription}
        multiline
      />
      <CharCountScript />
    </Card>
  );
}
