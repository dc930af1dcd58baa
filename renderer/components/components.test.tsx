import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReasonButton } from './reason-button';
import { Stepper } from './stepper';

describe('ReasonButton', () => {
  it('when blocked: stays focusable, is aria-disabled and described by its reason', () => {
    const html = renderToStaticMarkup(
      <ReasonButton id="go" reason="the daemon is starting" onClick={() => undefined}>
        Go
      </ReasonButton>,
    );
    expect(html).toContain('aria-disabled="true"');
    expect(html).toContain('aria-describedby="go-why"');
    expect(html).toContain('<span id="go-why" class="why">The daemon is starting.</span>');
    expect(html).not.toContain(' disabled=');
  });
  it('when allowed: no reason and no aria-disabled', () => {
    const html = renderToStaticMarkup(
      <ReasonButton id="go" reason={null} onClick={() => undefined} testId="go">
        Go
      </ReasonButton>,
    );
    expect(html).not.toContain('aria-disabled');
    expect(html).not.toContain('go-why');
    expect(html).toContain('data-testid="go"');
  });
});

describe('Stepper', () => {
  it('marks the steps before the current one done and the current one as the step', () => {
    const html = renderToStaticMarkup(<Stepper current="fund" />);
    expect(html.match(/class="done"/g)).toHaveLength(3);
    expect(html).toMatch(/<li class="current" aria-current="step" data-step="fund">/);
  });
  it('shows every step done once the swap ended', () => {
    const html = renderToStaticMarkup(<Stepper current="done" finished />);
    expect(html.match(/class="done"/g)).toHaveLength(6);
    expect(html).not.toContain('aria-current');
  });
});
