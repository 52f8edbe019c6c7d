import type { ReactNode } from 'react';
import type { ArticleDto } from '../api/publishing-types';
import { articleDate } from './ArticleDate';

type ViewedArticle = Pick<ArticleDto, 'title' | 'source' | 'bodyHtml' | 'publishDate' | 'publishedAt'> & {
  column?: { name: string };
  agency?: { name: string };
};

/** An article as the public reads it: title, the line of facts, the body; used by the portal and the preview. */
export function ArticleView({ article, children }: { article: ViewedArticle; children?: ReactNode }) {
  const date = articleDate(article);
  return (
    <article className="article">
      <h1 className="article-title">{article.title}</h1>
      <dl className="article-meta">
        {article.column && (
          <div>
            <dt>栏目：</dt>
            <dd>{article.column.name}</dd>
          </div>
        )}
        {article.agency && (
          <div>
            <dt>发布机构：</dt>
            <dd>{article.agency.name}</dd>
          </div>
        )}
        {article.source && (
          <div>
            <dt>来源：</dt>
            <dd>{article.source}</dd>
          </div>
        )}
        <div>
          <dt>发布日期：</dt>
          <dd>{date || '—'}</dd>
        </div>
      </dl>
      <ArticleBody html={article.bodyHtml} />
      {children}
    </article>
  );
}

export function ArticleBody({ html }: { html: string }) {
  return (
    <div
      className="article-body"
      data-testid="article-body"
      // Safe: bodyHtml is cleaned by the server on every save with an allow-list sanitiser (publishing/sanitize.ts:
      // no script, event handlers, javascript: links, SVG or style expressions), so this is the one place the web
      // renders HTML from the API. Unsaved drafts are never passed here: the editor previews them in a sandboxed iframe.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised article body (see above)
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
