// Accessibility checks: axe-core's WCAG 2 A/AA rules, plus our own run in the page: every form
// control has a label, every button and link a name, every image a text alternative, one h1, headings
// without skipped levels, the header/nav/main landmarks, unique ids and aria references that resolve.
import type { Page } from '@playwright/test';

export async function a11yProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      const st = getComputedStyle(el);
      return st.visibility !== 'hidden' && st.display !== 'none' && (r.width > 0 || r.height > 0 || el.closest('.sr-only') !== null);
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${(el as HTMLElement).dataset['testid'] ? `[${(el as HTMLElement).dataset['testid']}]` : ''}`;
    const byIds = (ids: string) => ids.split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));
    const textOf = (el: Element): string => {
      const labelledby = el.getAttribute('aria-labelledby');
      if (labelledby) return byIds(labelledby).map((e) => e?.textContent ?? '').join(' ').trim();
      return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
    };
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      if (!visible(el) || (el as HTMLInputElement).type === 'hidden') continue;
      const labelled = ((el as HTMLInputElement).labels?.length ?? 0) > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!labelled) problems.push(`${describe(el)} has no label`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a[href], [role="button"]'))) {
      if (visible(el) && !textOf(el)) problems.push(`${describe(el)} has no accessible name`);
    }
    for (const el of Array.from(document.querySelectorAll('img, svg[role="img"], [role="img"]'))) {
      const name = el.tagName === 'IMG' ? el.getAttribute('alt') : textOf(el) || el.querySelector(':scope > title')?.textContent;
      if (name === null || name === undefined || (el.tagName !== 'IMG' && !name.trim())) problems.push(`${describe(el)} has no text alternative`);
    }
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (want exactly one)`);
    let last = 0;
    for (const h of Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
      const level = Number(h.tagName[1]);
      if (last && level > last + 1) problems.push(`heading level skips from h${last} to h${level} at "${h.textContent?.trim()}"`);
      last = level;
    }
    const topHeader = Array.from(document.querySelectorAll('header')).some((h) => !h.closest('main, nav, section, article, aside'));
    if (!topHeader) problems.push('no header (banner) landmark');
    if (document.querySelectorAll('nav').length === 0) problems.push('no nav landmark');
    if (document.querySelectorAll('main').length !== 1) problems.push('want exactly one main landmark');
    const ids = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" used ${n} times`);
    for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
      for (const el of Array.from(document.querySelectorAll(`[${attr}]`))) {
        for (const id of (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean))
          if (!document.getElementById(id)) problems.push(`${describe(el)} ${attr} points to missing #${id}`);
      }
    }
    if (!document.documentElement.lang) problems.push('html has no lang');
    return problems;
  });
}

/** axe-core's WCAG 2 A/AA rules plus the checks above, as one list of readable problems. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const fromAxe = axe.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.length} element(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`,
  );
  return [...fromAxe, ...(await a11yProblems(page))];
}
