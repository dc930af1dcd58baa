// "Copy address": the clipboard where the page may use it, else a note to select the text instead.
import { useState } from 'react';

export function CopyButton(props: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle');
  const copy = () => {
    // Absent on a page that is not a secure context (the browser host over plain http on another machine).
    if (typeof navigator.clipboard?.writeText !== 'function') return setState('refused');
    void navigator.clipboard.writeText(props.text).then(
      () => setState('copied'),
      () => setState('refused'),
    );
  };
  return (
    <>
      <button type="button" className="secondary" data-testid={props.testId} onClick={copy}>
        {props.label ?? 'Copy address'}
      </button>
      <span role="status" className={state === 'refused' ? 'form-error' : 'hint'}>
        {state === 'copied' ? 'Copied.' : state === 'refused' ? 'Copying is not allowed here; select the address instead.' : ''}
      </span>
    </>
  );
}
