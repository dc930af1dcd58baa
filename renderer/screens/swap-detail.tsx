// One swap in depth (swap/:id): the same progress view the wizard hands over to after "Start".
import { SwapProgress } from '../components/swap-progress';

export function SwapDetail(props: { swapId: string }) {
  return <SwapProgress swapId={props.swapId} />;
}
