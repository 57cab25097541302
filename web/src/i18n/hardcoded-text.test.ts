import { describe, expect, it } from 'vitest';
import { findHardcodedText } from './hardcoded-text';

/** Every component's source, by path. */
const sources = import.meta.glob<string>('../**/*.svelte', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('findHardcodedText', () => {
  it('finds text between tags, read attributes, shown literals and sentences in scripts', () => {
    const found = findHardcodedText(`
<script lang="ts">
  let error = $state('');
  function fail() { error = 'Could not save the post.'; }
  const kind = 'tip';
</script>
<h1>Welcome</h1>
<input placeholder="Your name" class="wide" />
<p>{busy ? 'Saving' : ''}</p>
<TextField label="Email address" type="email" tone="danger" />
<span aria-label={'Close'}>×</span>`);
    expect(found.map((hit) => hit.text)).toEqual([
      'Welcome',
      'Your name',
      'Saving',
      'Email address',
      'Close',
      'Could not save the post.',
    ]);
  });

  it('accepts text from the catalogs, symbols, identifiers and the product name', () => {
    const found = findHardcodedText(`
<script lang="ts">
  import { t } from '../i18n';
  const kind = 'question';
  const key = 'Enter';
</script>
<h1>{$t('home.title')}</h1>
<span aria-hidden="true">× · 3</span>
<a class="brand" href="#/">Outloud</a>
<Badge tone="danger" label={$t('post.hidden')} />`);
    expect(found).toEqual([]);
  });
});

describe('components', () => {
  it('show no hard-coded interface text: every word comes from the message catalogs', () => {
    const files = Object.entries(sources);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap(([file, source]) =>
      findHardcodedText(source).map(
        (hit) => `${file.replace('../', '')}:${hit.line} ${JSON.stringify(hit.text)}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
