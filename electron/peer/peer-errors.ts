// The closed set of errors the peer link reports, as values. Guards: the runtime can switch on
// every failure of the link without parsing messages, and none of them is ever thrown.
import { appError, type AppError } from '../../shared/result';

export type PeerErrorKind =
  | 'peer-unreachable' // TCP connect failed or the socket dropped
  | 'peer-auth-failed' // the other end presented a key that is not the pinned / bound one
  | 'peer-rejected' // the maker refused the session (unknown swap, key bound to someone else)
  | 'frame-too-large' // a frame over the size limit, sent or received
  | 'bad-frame' // bytes that are not a valid envelope, or an envelope that breaks the link protocol
  | 'timeout' // handshake, or silence past the idle limit
  | 'delivery-failed' // the message handler (the transcript write) failed: the link stops
  | 'closed'; // the link was closed by its owner
export type PeerError = AppError<PeerErrorKind>;

export const peerError = (kind: PeerErrorKind, message: string): PeerError => appError(kind, message);
