// The wizard's six steps with the current one marked; steps before it are done.
import { WIZARD_STEPS, type WizardStepId } from '../logic/wizard-machine';

/** `finished`: the swap ended, so every step, the last included, shows as done. */
export function Stepper(props: { current: WizardStepId; finished?: boolean }) {
  const at = props.finished ? WIZARD_STEPS.length : WIZARD_STEPS.findIndex((s) => s.id === props.current);
  return (
    <ol className="stepper" aria-label="Swap steps">
      {WIZARD_STEPS.map((s, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li key={s.id} className={state} aria-current={state === 'current' ? 'step' : undefined} data-step={s.id}>
            <span className="step-num" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span className="step-title">
              {s.title}
              {state === 'done' && <span className="sr-only"> (done)</span>}
            </span>
            <span className="step-text">{s.text}</span>
          </li>
        );
      })}
    </ol>
  );
}
