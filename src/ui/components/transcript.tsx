import {Static} from 'ink';
import {useUiState} from '../contexts/ui-state.js';
import {TranscriptEntry} from './transcript-entry.js';

/** The finished part of the conversation, printed once and never redrawn. */
export function Transcript() {
  const {transcript} = useUiState();
  return (
    <Static key={transcript.epoch} items={transcript.items}>
      {item => <TranscriptEntry key={item.id} item={item} />}
    </Static>
  );
}
