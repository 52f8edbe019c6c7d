// The verifiable log (issue 23): other features append their changes' leaves in their own transactions.
export {
  type AppendedLeaves,
  appendLogLeaves,
  attestDocument,
  type DocumentAttestation,
  type LogKeys,
  type LogLeafInput,
} from './transparency.service';
